package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Authenticator;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Valve;
import org.apache.catalina.authenticator.NonLoginAuthenticator;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /**
     * A webapp reloaded in a running server gets a new authenticator (ContextConfig makes one at every start); the
     * valve must turn the new one's principal cache off too, or every authenticated request on a constrained path
     * would create a session from then on.
     */
    @Test
    void aRestartedWebappsNewCachingAuthenticatorCreatesNoSessionEither() throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups"));
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups",
                    "staff").setCookie());
        }
        NonLoginAuthenticator fresh = new NonLoginAuthenticator();
        assertTrue(fresh.getCache(), "Tomcat's authenticators cache by default");
        server.restartWebapp(context -> replaceAuthenticator(context, fresh));

        assertNoSessionFromNowOn(fresh);
    }

    /**
     * A reload can land while the valve looks at the webapp's authenticator: before it records the webapp as checked,
     * or after (and, on the first request, before it would otherwise listen to the webapp's restarts). Either way the
     * authenticator the reload made must have its cache turned off.
     */
    @ParameterizedTest(name = "the reload lands in look {0}")
    @ValueSource(ints = {1, 2})
    void aWebappRestartedWhileTheValveChecksItsAuthenticatorCreatesNoSessionAfterwards(int look) throws Exception {
        start(TomcatServer.withOptions("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups")
                .contextClass(RestartingContext.class));
        NonLoginAuthenticator fresh = new NonLoginAuthenticator();
        RestartingContext webapp = (RestartingContext) server.context();
        webapp.reloadAtLook(look, () -> {
            try {
                server.restartWebapp(context -> replaceAuthenticator(context, fresh));
            } catch (LifecycleException e) {
                throw new IllegalStateException(e);
            }
        });
        // the request the reload lands in: what it gets depends on the reload, not on the valve
        server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff");
        assertTrue(webapp.reloaded(), "the reload ran during the valve's check");

        assertNoSessionFromNowOn(fresh);
    }

    /**
     * Authenticated requests on a constrained path, after a reload gave the webapp {@code fresh}: each one shows the
     * user and sets no cookie, the webapp creates no session, and {@code fresh} caches no principal.
     */
    private void assertNoSessionFromNowOn(NonLoginAuthenticator fresh) throws Exception {
        long before = server.sessionsCreated();
        for (int i = 0; i < 3; i++) {
            Reply reply = server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff");
            assertEquals("bob", reply.principal(), reply.status() + " " + reply.body());
            assertEquals(Optional.empty(), reply.setCookie());
        }
        assertEquals(0, server.sessionsCreated() - before, "sessions created after the reload");
        assertFalse(fresh.getCache());
    }

    /**
     * A webapp context that runs a reload, once, inside the n-th request for its authenticator after it is armed
     * (the authenticator answered is the one seen before the reload, as with a reload on another thread).
     */
    public static final class RestartingContext extends StandardContext {
        private final AtomicInteger looksLeft = new AtomicInteger();
        /** The reload to run, until it has run. */
        private volatile Runnable reload;

        void reloadAtLook(int look, Runnable reload) {
            this.reload = reload;
            looksLeft.set(look);
        }

        /** Whether the reload armed with {@link #reloadAtLook} has run. */
        boolean reloaded() {
            return reload == null;
        }

        @Override
        public Authenticator getAuthenticator() {
            Authenticator seen = super.getAuthenticator();
            Runnable now = reload;
            if (now != null && looksLeft.decrementAndGet() == 0) {
                now.run();
                reload = null;
            }
            return seen;
        }
    }

    /** What a reload does to the authenticator: ContextConfig makes a new one (this one, caching as they do). */
    private static void replaceAuthenticator(Context context, NonLoginAuthenticator fresh) {
        for (Valve valve : context.getPipeline().getValves()) {
            if (valve instanceof NonLoginAuthenticator) {
                context.getPipeline().removeValve(valve);
            }
        }
        context.getPipeline().addValve(fresh);
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
