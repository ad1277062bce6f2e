package dev.remoteuser.jetty;

import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The authenticator installed in code, on ee10 and ee11 webapps. */
class JettyAuthenticatorTest {

    private JettyServer server;

    static java.util.List<Webapps> environments() {
        return Webapps.available();
    }

    private static Map<String, String> options(String... nameValues) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            options.put(nameValues[i], nameValues[i + 1]);
        }
        return options;
    }

    private JettyServer start(Webapps env, String... options) throws Exception {
        server = new JettyServer(env, null).start(
                webapp -> webapp.security().setAuthenticator(new RemoteUserAuthenticator(options(options))));
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void forwardedRequestCustomizerCannotMakeAClientLookLikeTheProxy(Webapps env) throws Exception {
        server = new JettyServer(env, null);
        server.connector().getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .addCustomizer(new ForwardedRequestCustomizer());
        server.start(webapp -> webapp.security().setAuthenticator(
                new RemoteUserAuthenticator(options("trustedProxies", "10.0.0.5"))));

        Reply reply = server.get("/app/public/x", "X-Forwarded-For", "10.0.0.5", "Forwarded", "for=10.0.0.5",
                "Remote-User", "admin");

        assertEquals("none", reply.principal());
        assertEquals("null/0", reply.get("header.Remote-User"));
    }

    /** Users are kept per identity: the same name with other groups or attributes never gets the kept one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void aReturningUserWithOtherGroupsOrAttributesGetsThem(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups", "attributeHeaders",
                "email=Remote-Email");

        Reply staff = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");
        Reply again = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");
        Reply admin = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "admin");
        Reply mailed = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "admin",
                "Remote-Email", "alice@example.com");

        assertTrue(staff.inRole("staff") && again.inRole("staff"));
        assertFalse(admin.inRole("staff"));
        assertTrue(admin.inRole("admin"));
        assertEquals("null", String.valueOf(admin.get("principalAttribute.email")));
        assertEquals("alice@example.com", mailed.get("principalAttribute.email"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void withoutTheHeaderTheFallbackBasicLoginWorks(Webapps env) throws Exception {
        server = new JettyServer(env, null).start(webapp -> webapp.security().setAuthenticator(
                new RemoteUserAuthenticator(options("trustedProxies", "127.0.0.1"), new BasicAuthenticator())));

        Reply challenge = server.get("/app/admin/x");
        Reply admin = server.get("/app/admin/x", "Authorization", basic("admin", "secret"));
        Reply wrong = server.get("/app/admin/x", "Authorization", basic("admin", "nope"));
        Reply proxied = server.get("/app/admin/x", "Remote-User", "bob");
        Reply open = server.get("/app/public/x");

        assertEquals(200, open.status(), "the fallback challenges only where a constraint asks for credentials");
        assertEquals("none", open.principal());
        assertEquals(401, challenge.status());
        assertEquals(200, admin.status());
        assertEquals("admin", admin.principal());
        assertEquals("BASIC", admin.get("authType"));
        assertEquals(401, wrong.status());
        assertEquals(403, proxied.status(), "bob is authenticated by the header but lacks the admin role");
    }

}
