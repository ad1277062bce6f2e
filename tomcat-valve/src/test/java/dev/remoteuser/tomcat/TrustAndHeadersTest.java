package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void remoteIpValveCannotMakeAClientLookLikeTheProxy() throws Exception {
        RemoteIpValve remoteIp = new RemoteIpValve();
        remoteIp.setInternalProxies("127\\.0\\.0\\.1");
        start(TomcatServer.withOptions("trustedProxies", "10.0.0.5").before(remoteIp));

        Reply reply = server.get("/app/public/x", "X-Forwarded-For", "10.0.0.5", "Remote-User", "admin");

        assertEquals("none", reply.principal());
        assertEquals("null/0", reply.get("header.Remote-User"));
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
