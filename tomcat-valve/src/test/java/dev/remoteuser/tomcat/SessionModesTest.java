package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-request and persistent sessions, user switches, fixation, logout and the container's own login. */
class SessionModesTest {

    private TomcatServer server;

    private void start(TomcatServer configured) throws Exception {
        server = configured.start();
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

    @Test
    void persistentSessionReplayedFromAnUntrustedPeerIsAnonymous() throws Exception {
        // the session was made through the proxy (10.0.0.5 here is a stand-in no request comes from), so replaying
        // its cookie directly must not log anyone in: loopback plays the untrusted client
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "mode", "persistent",
                "groupsHeader", "Remote-Groups"));
        Reply login = server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff");
        assertEquals("bob", login.principal());
        server.valve().setProperty("trustedProxies", "10.0.0.5");
        server.valve().stop();
        server.valve().start();

        Reply replay = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals("none", replay.principal());
    }

    @Test
    void withoutTheHeaderTheWebappsBasicLoginStillWorks() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1").login("BASIC"));

        Reply challenge = server.get("/app/admin/x");
        Reply admin = server.get("/app/admin/x", "Authorization", basic("admin", "secret"));
        Reply wrong = server.get("/app/admin/x", "Authorization", basic("admin", "wrong"));

        assertEquals(401, challenge.status());
        assertEquals(200, admin.status());
        assertEquals("admin", admin.principal());
        assertEquals("BASIC", admin.get("authType"));
        assertEquals(401, wrong.status());
    }

    @Test
    void perRequestLeavesASessionOfTheWebappsFormLoginAlone() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1").login("FORM"));
        Reply form = server.get("/app/admin/x");
        String cookie = form.cookie();
        Reply posted = server.probe().postForm("/app/j_security_check", "j_username=admin&j_password=secret",
                "Cookie", cookie);
        String loggedIn = posted.setCookie().map(id -> "JSESSIONID=" + id).orElse(cookie);

        Reply admin = server.get("/app/admin/x", "Cookie", loggedIn);
        Reply again = server.get("/app/public/x", "Cookie", loggedIn);

        assertEquals(303, posted.status());
        assertEquals(200, admin.status());
        assertEquals("admin", admin.principal());
        assertEquals("FORM", admin.get("authType"));
        assertEquals("admin", again.principal());
    }
}
