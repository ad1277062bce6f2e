package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.Reply;
import dev.remoteuser.testsupport.ReportServlet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.catalina.util.ServerInfo;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Who may assert an identity, and what the webapp sees of the identity headers. */
class TrustAndHeadersTest {

    private TomcatServer server;

    private TomcatServer start(TomcatServer configured) throws Exception {
        server = configured.start();
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void runsOnTheTomcatVersionThisTestRunIsFor() {
        assertEquals(System.getProperty("expected.tomcat.version"), ServerInfo.getServerNumber().replaceAll(
                "\\.0$", ""));
    }

    @Test
    void trustedProxyHeaderLogsTheUserInWithRolesAttributesAndAuthType() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups",
                "attributeHeaders", "email=Remote-Email", "roleMapping", "ops=staff manager", "defaultRoles", "user"));

        Reply reply = server.get("/app/public/x", "Remote-User", "bob", "Remote-Groups", "ops,unmapped",
                "Remote-Email", "bob@example.com");

        assertEquals(200, reply.status());
        assertEquals("bob", reply.principal());
        assertEquals("bob", reply.get("remoteUser"));
        assertEquals(RemoteUserValve.AUTH_TYPE, reply.get("authType"));
        assertTrue(reply.inRole("staff") && reply.inRole("manager") && reply.inRole("user"));
        assertFalse(reply.inRole("admin"));
        assertEquals("bob@example.com", reply.get("principalAttribute.email"));
        assertEquals("bob@example.com", reply.get("requestAttribute.email"));
        assertEquals("[ops, unmapped]", reply.get("groups"));
    }

    @Test
    void rolesDriveWebXmlSecurityConstraints() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups"));

        assertEquals(200, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff").status());
        assertEquals(403, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "other").status());
        assertEquals(403, server.get("/app/admin/x", "Remote-User", "bob", "Remote-Groups", "staff").status());
        assertEquals(200, server.get("/app/admin/x", "Remote-User", "bob", "Remote-Groups", "admin").status());
    }

    @Test
    void wildcardGroupsGrantNothing() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups"));

        assertEquals(403, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "*,**").status());
    }

    @Test
    void untrustedPeerHeadersAndLookalikesAreInvisibleToTheWebapp() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "10.0.0.5", "groupsHeader", "Remote-Groups",
                "attributeHeaders", "email=Remote-Email"));

        Reply reply = server.get("/app/public/x", "remote-user", "admin", "Remote_User", "admin",
                "Remote.User", "admin", "Remote-Groups", "admin", "Remote-Email", "admin@example.com");

        assertEquals(200, reply.status());
        assertEquals("none", reply.principal());
        for (String header : ReportServlet.HEADERS) {
            assertEquals("null/0", reply.get("header." + header), header);
        }
        assertFalse(reply.get("headerNames").toLowerCase(java.util.Locale.ROOT).contains("remote"),
                reply.get("headerNames"));
    }

    @Test
    void untrustedPeerIsRefusedWithoutASessionInRejectMode() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "10.0.0.5", "untrustedHeaders", "reject"));

        Reply reply = server.get("/app/public/x?session=create", "Remote-User", "admin");

        assertEquals(403, reply.status());
        assertEquals(Optional.empty(), reply.setCookie());
    }

    @Test
    void remoteIpValveCannotMakeAClientLookLikeTheProxy() throws Exception {
        RemoteIpValve remoteIp = new RemoteIpValve();
        remoteIp.setInternalProxies("127\\.0\\.0\\.1");
        start(TomcatServer.withOptions("trustedProxies", "10.0.0.5").before(remoteIp));

        Reply reply = server.get("/app/public/x", "X-Forwarded-For", "10.0.0.5", "Remote-User", "admin");

        assertEquals("none", reply.principal());
        assertEquals("null/0", reply.get("header.Remote-User"));
    }

    @Test
    void trustedLookalikeIsStrippedAndTheRealHeaderStaysVisible() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1"));

        Reply reply = server.get("/app/public/x", "Remote-User", "bob", "Remote_User", "bob");

        assertEquals("bob", reply.principal());
        assertEquals("bob/1", reply.get("header.Remote-User"));
        assertEquals("null/0", reply.get("header.Remote_User"));
    }

    @Test
    void disagreeingLookalikeAndDuplicatesAre400WithoutSession() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1"));

        Reply lookalike = server.get("/app/public/x?session=create", "Remote-User", "bob", "Remote_User", "admin");
        Reply duplicate = server.get("/app/public/x?session=create", "Remote-User", "bob", "remote-user", "admin");
        Reply placeholder = server.get("/app/public/x?session=create", "Remote-User", "$remote_user");

        for (Reply reply : new Reply[] {lookalike, duplicate, placeholder}) {
            assertEquals(400, reply.status());
            assertEquals(Optional.empty(), reply.setCookie());
            assertEquals("no-store", reply.header("Cache-Control").orElse(""));
        }
        assertTrue(duplicate.body().contains("DUPLICATE_HEADER"));
    }

    @Test
    void requireHeaderAnswers401WithAChallenge() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "requireHeader", "true"));

        Reply reply = server.get("/app/public/x");

        assertEquals(401, reply.status());
        assertEquals("RemoteUser", reply.header("WWW-Authenticate").orElse(""));
    }

    @Test
    void headerPathsLimitWhereTheHeaderCounts() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "headerPaths", "/app/login"));

        assertEquals("bob", server.get("/app/login/x", "Remote-User", "bob").principal());
        Reply elsewhere = server.get("/app/public/x", "Remote-User", "bob");
        assertEquals("none", elsewhere.principal());
        assertEquals("null/0", elsewhere.get("header.Remote-User"));
    }

    @Test
    void asyncServletsKeepWorkingBehindTheValve() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1"));

        Reply reply = server.get("/app/async/x", "Remote-User", "bob");

        assertEquals(200, reply.status());
        assertEquals("bob", reply.principal());
    }

    @Test
    void valveWorksInsideAContextToo() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups")
                .valveInContext());

        assertEquals(200, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff").status());
        assertEquals("none", server.get("/app/public/x", "Remote_User", "bob").principal());
    }
}
