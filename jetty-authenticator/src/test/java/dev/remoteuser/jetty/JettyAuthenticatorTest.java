package dev.remoteuser.jetty;

import dev.remoteuser.testsupport.Reply;
import dev.remoteuser.testsupport.ReportServlet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    void trustedHeaderLogsInOnAPublicPageWithRolesAttributesAndAuthType(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups",
                "attributeHeaders", "email=Remote-Email", "roleMapping", "ops=staff manager", "defaultRoles", "user");

        Reply reply = server.get("/app/public/x", "Remote-User", "bob", "Remote-Groups", "ops,other",
                "Remote-Email", "bob@example.com");

        assertEquals(200, reply.status());
        assertEquals("bob", reply.principal());
        assertEquals("bob", reply.get("remoteUser"));
        assertEquals(RemoteUserAuthenticator.AUTH_TYPE, reply.get("authType"));
        assertTrue(reply.inRole("staff") && reply.inRole("manager") && reply.inRole("user"));
        assertFalse(reply.inRole("admin"));
        assertEquals("bob@example.com", reply.get("principalAttribute.email"));
        assertEquals("bob@example.com", reply.get("requestAttribute.email"));
        assertEquals("[ops, other]", reply.get("groups"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void rolesDriveSecurityConstraints(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups");

        assertEquals(200, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff").status());
        assertEquals(403, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "other").status());
        assertEquals(403, server.get("/app/secure/x").status());
        assertEquals(200, server.get("/app/admin/x", "Remote-User", "bob", "Remote-Groups", "admin").status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void untrustedPeerHeadersAndLookalikesAreInvisibleToTheWebapp(Webapps env) throws Exception {
        start(env, "trustedProxies", "10.0.0.5", "groupsHeader", "Remote-Groups",
                "attributeHeaders", "email=Remote-Email");

        Reply reply = server.get("/app/public/x", "remote-user", "admin", "Remote_User", "admin",
                "Remote.User", "admin", "Remote-Groups", "admin", "Remote-Email", "admin@example.com");

        assertEquals(200, reply.status());
        assertEquals("none", reply.principal());
        for (String header : ReportServlet.HEADERS) {
            assertEquals("null/0", reply.get("header." + header), header);
        }
        assertFalse(reply.get("headerNames").toLowerCase(Locale.ROOT).contains("remote"), reply.get("headerNames"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void untrustedPeerIsRefusedWithoutASessionInRejectMode(Webapps env) throws Exception {
        start(env, "trustedProxies", "10.0.0.5", "untrustedHeaders", "reject");

        Reply reply = server.get("/app/public/x?session=create", "Remote-User", "admin");

        assertEquals(403, reply.status());
        assertEquals(Optional.empty(), reply.setCookie());
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void duplicatesLookalikeConflictsAndPlaceholdersAre400WithoutSession(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1");

        Reply duplicate = server.get("/app/public/x?session=create", "Remote-User", "bob", "remote-user", "admin");
        Reply lookalike = server.get("/app/secure/x?session=create", "Remote-User", "bob", "Remote_User", "admin");
        Reply placeholder = server.get("/app/public/x?session=create", "Remote-User", "%{REMOTE_USER}e");

        for (Reply reply : new Reply[] {duplicate, lookalike, placeholder}) {
            assertEquals(400, reply.status());
            assertEquals(Optional.empty(), reply.setCookie());
        }
        assertTrue(duplicate.body().contains("DUPLICATE_HEADER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void trustedLookalikeIsStrippedAndTheRealHeaderStaysVisible(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1");

        Reply reply = server.get("/app/public/x", "Remote-User", "bob", "Remote_User", "bob");

        assertEquals("bob", reply.principal());
        assertEquals("bob/1", reply.get("header.Remote-User"));
        assertEquals("null/0", reply.get("header.Remote_User"));
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

        assertEquals(401, challenge.status());
        assertEquals(200, admin.status());
        assertEquals("admin", admin.principal());
        assertEquals("BASIC", admin.get("authType"));
        assertEquals(401, wrong.status());
        assertEquals(403, proxied.status(), "bob is authenticated by the header but lacks the admin role");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void perRequestLogsOutWhenTheHeaderDisappears(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups");
        Reply login = server.get("/app/secure/x?session=create", "Remote-User", "bob", "Remote-Groups", "staff");
        assertEquals("bob", login.principal());

        Reply withoutHeader = server.get("/app/secure/x", "Cookie", login.cookie());
        Reply publicPage = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals(403, withoutHeader.status());
        assertEquals("none", publicPage.principal());
        assertEquals("none", publicPage.session());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void loginIntoAnExistingSessionChangesItsIdAndASwitchInvalidatesIt(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1");
        Reply anonymous = server.get("/app/public/x?session=create");

        Reply bob = server.get("/app/public/x", "Remote-User", "bob", "Cookie", anonymous.cookie());
        Reply bobAgain = server.get("/app/public/x", "Remote-User", "bob", "Cookie", bob.cookie());
        Reply carol = server.get("/app/public/x?session=create", "Remote-User", "carol", "Cookie", bob.cookie());

        assertNotEquals(anonymous.session(), bob.session());
        assertEquals(bob.session(), bobAgain.session());
        assertEquals("carol", carol.principal());
        assertNotEquals(bob.session(), carol.session());
        assertEquals("none", server.get("/app/public/x", "Remote-User", "bob", "Cookie", bob.cookie()).session());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void persistentModeKeepsTheUserUntilLogout(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1", "mode", "persistent", "groupsHeader", "Remote-Groups",
                "logoutPath", "/app/logout", "logoutRedirect", "https://sso.example.com/logout");
        Reply login = server.get("/app/public/x", "Remote-User", "bob", "Remote-Groups", "staff");

        Reply later = server.get("/app/secure/x", "Cookie", login.cookie());
        Reply logout = server.get("/app/logout", "Cookie", login.cookie());
        Reply after = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals("bob", later.principal());
        assertEquals(200, later.status());
        assertEquals(302, logout.status());
        assertEquals("https://sso.example.com/logout", logout.header("Location").orElse(""));
        assertEquals("none", after.principal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void webappLogoutEndsAPersistentLogin(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1", "mode", "persistent");
        Reply login = server.get("/app/public/x", "Remote-User", "bob");

        Reply logout = server.get("/app/public/x?logout=1", "Cookie", login.cookie());
        Reply after = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals("none", logout.principal());
        assertEquals("none", after.principal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void requireHeaderAnswers401(Webapps env) throws Exception {
        start(env, "trustedProxies", "127.0.0.1", "requireHeader", "true");

        Reply reply = server.get("/app/public/x");

        assertEquals(401, reply.status());
        assertEquals("RemoteUser", reply.header("WWW-Authenticate").orElse(""));
    }
}
