package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.Reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
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
    void perRequestLogsOutWhenTheHeaderDisappearsEvenWhereTomcatCachedThePrincipal() throws Exception {
        // /secure/* has a constraint and no login-config: NonLoginAuthenticator caches the principal in the session
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups"));
        Reply login = server.get("/app/secure/x?session=create", "Remote-User", "bob", "Remote-Groups", "staff");
        assertEquals("bob", login.principal());

        Reply withoutHeader = server.get("/app/secure/x", "Cookie", login.cookie());
        Reply publicPage = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals(403, withoutHeader.status());
        assertEquals("none", publicPage.principal());
        assertEquals("none", publicPage.session(), "the session of the logged-out user is gone");
    }

    @Test
    void perRequestKeepsTheSessionWhileTheHeaderNamesTheSameUser() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1"));
        Reply first = server.get("/app/public/x?session=create", "Remote-User", "bob");

        Reply second = server.get("/app/public/x", "Remote-User", "bob", "Cookie", first.cookie());

        assertEquals("bob", second.principal());
        assertEquals(first.session(), second.session());
    }

    @Test
    void aDifferentUserInvalidatesTheOldSession() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1"));
        Reply bob = server.get("/app/public/x?session=create", "Remote-User", "bob");

        Reply carol = server.get("/app/public/x?session=create", "Remote-User", "carol", "Cookie", bob.cookie());
        Reply bobAgain = server.get("/app/public/x", "Remote-User", "bob", "Cookie", bob.cookie());

        assertEquals("carol", carol.principal());
        assertNotEquals(bob.session(), carol.session());
        assertEquals("none", bobAgain.session(), "bob's old session was invalidated, not handed back");
    }

    @Test
    void loginIntoAnExistingAnonymousSessionChangesItsId() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1"));
        Reply anonymous = server.get("/app/public/x?session=create");

        Reply login = server.get("/app/public/x", "Remote-User", "bob", "Cookie", anonymous.cookie());

        assertEquals("bob", login.principal());
        assertNotEquals("none", login.session());
        assertNotEquals(anonymous.session(), login.session());
        assertEquals(Optional.of(login.session()), login.setCookie());
    }

    @Test
    void persistentModeKeepsTheUserWithoutTheHeaderUntilLogout() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "mode", "persistent",
                "groupsHeader", "Remote-Groups", "logoutPath", "/app/logout",
                "logoutRedirect", "https://sso.example.com/logout"));
        Reply login = server.get("/app/public/x", "Remote-User", "bob", "Remote-Groups", "staff");
        assertEquals("bob", login.principal());

        Reply later = server.get("/app/secure/x", "Cookie", login.cookie());
        Reply logout = server.get("/app/logout", "Cookie", login.cookie());
        Reply afterLogout = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals(200, later.status());
        assertEquals("bob", later.principal());
        assertTrue(later.inRole("staff"));
        assertEquals(302, logout.status());
        assertEquals("https://sso.example.com/logout", logout.header("Location").orElse(""));
        assertEquals("none", afterLogout.principal());
    }

    @Test
    void persistentLoginAlwaysStartsANewSessionId() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "mode", "persistent"));
        Reply anonymous = server.get("/app/public/x?session=create");

        Reply login = server.get("/app/public/x", "Remote-User", "bob", "Cookie", anonymous.cookie());

        assertNotEquals(anonymous.session(), login.session());
        assertEquals("bob", server.get("/app/public/x", "Cookie", login.cookie()).principal());
        assertEquals("none", server.get("/app/public/x", "Cookie", anonymous.cookie()).principal());
    }

    @Test
    void persistentModeSwitchesUsersWhenTheHeaderNamesSomeoneElse() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "mode", "persistent"));
        Reply bob = server.get("/app/public/x", "Remote-User", "bob");

        Reply carol = server.get("/app/public/x", "Remote-User", "carol", "Cookie", bob.cookie());

        assertEquals("carol", carol.principal());
        assertNotEquals(bob.session(), carol.session());
        assertEquals("none", server.get("/app/public/x", "Cookie", bob.cookie()).principal());
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
    void webappLogoutEndsAPersistentLogin() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "mode", "persistent"));
        Reply login = server.get("/app/public/x", "Remote-User", "bob");

        Reply logout = server.get("/app/public/x?logout=1", "Cookie", login.cookie());
        Reply after = server.get("/app/public/x", "Cookie", login.cookie());

        assertEquals("none", logout.principal());
        assertEquals("none", after.principal());
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
