package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.CoyotePrincipal;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code userStore="realm"} and {@code identitySource="connector"}. */
class UserStoreAndConnectorTest {

    private TomcatServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void realmRolesAreMergedWithHeaderRoles() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm",
                "groupsHeader", "Remote-Groups").start();

        Reply alice = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");

        assertTrue(alice.inRole("manager"), "role from the realm");
        assertTrue(alice.inRole("staff"), "role from the header");
        assertEquals(200, server.get("/app/admin/x", "Remote-User", "admin").status(), "realm role admin");
    }

    @Test
    void unknownUsersAreRefusedWhenTheStoreMustKnowThem() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm",
                "createUnknownUsers", "false").start();

        assertEquals(403, server.get("/app/public/x", "Remote-User", "mallory").status());
        assertEquals("alice", server.get("/app/public/x", "Remote-User", "alice").principal());
    }

    @Test
    void requestsThatMatchNoWebappAreLeftToTomcat() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm").start();

        assertEquals(404, server.get("/nowhere/x", "Remote-User", "alice").status());
        assertEquals(0, server.realm().lookups.get());
    }

    /** An operator facing 503s finds why in Tomcat's log: the realm's failure, not only the reason code. */
    @Test
    void aFailingRealmIsLoggedWithItsCause() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm").start();
        server.realm().fault = TestRealm.Fault.THROWS;
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(RemoteUserValve.class.getName());
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            assertEquals(503, server.get("/app/public/x", "Remote-User", "alice").status());
        } finally {
            logger.removeHandler(capture);
        }

        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("reason=STORE_UNAVAILABLE status=503"), lines.get(0));
        assertTrue(lines.get(0).contains("user database unreachable"), lines.get(0));
    }

    /** A client-chosen groups header does not force a Realm look-up per distinct value: the Realm answers by name. */
    @Test
    void realmLookupsAreCachedPerUserWhateverTheGroups() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm", "groupsHeader",
                "Remote-Groups").start();

        for (int i = 0; i < 20; i++) {
            assertEquals("alice", server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "g" + i)
                    .principal());
        }

        assertEquals(1, server.realm().lookups.get());
    }

    /**
     * A page's parallel requests for a user the cache does not hold (first visit, or the answer just ran out) ask the
     * realm once: the others wait for that answer, and every one is let in as the user.
     */
    @Test
    void parallelRequestsOfOneUserAskTheRealmOnce() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm").start();
        CountDownLatch slowRealm = new CountDownLatch(1);
        server.realm().hold = slowRealm;
        int parallel = 8;
        ExecutorService clients = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                replies.add(clients.submit(() -> server.get("/app/public/x", "Remote-User", "alice")));
            }
            awaitRequestsWaitingInTheValve(parallel);
            slowRealm.countDown();
            for (Future<Reply> reply : replies) {
                assertEquals("alice", reply.get(30, TimeUnit.SECONDS).principal());
            }
        } finally {
            slowRealm.countDown();
            clients.shutdownNow();
        }

        assertEquals(1, server.realm().lookups.get());
    }

    /** Waits until this many of Tomcat's request threads are inside the valve and waiting (for the realm or not). */
    private static void awaitRequestsWaitingInTheValve(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getState() == Thread.State.WAITING
                        || thread.getKey().getState() == Thread.State.TIMED_WAITING)
                .filter(thread -> Arrays.stream(thread.getValue()).anyMatch(frame ->
                        frame.getClassName().equals(RemoteUserValve.class.getName())
                                && frame.getMethodName().equals("invoke")))
                .count() < count) {
            if (System.nanoTime() > deadline) {
                fail("the " + count + " requests never all reached the valve");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void realmLookupsAreCached() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm").start();

        for (int i = 0; i < 5; i++) {
            server.get("/app/public/x", "Remote-User", "alice");
        }

        assertEquals(1, server.realm().lookups.get());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = TestRealm.Fault.class, names = {"THROWS", "UNAVAILABLE"})
    void aFailingRealmFailsClosedWith503AndRecovers(TestRealm.Fault fault) throws Exception {
        // createUnknownUsers is true (the default): taking a failure for "unknown" would let the user in
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm").start();
        server.realm().fault = fault;

        Reply down = server.get("/app/public/x?session=create", "Remote-User", "alice");
        server.realm().fault = TestRealm.Fault.NONE;
        Reply back = server.get("/app/public/x", "Remote-User", "alice");
        Reply unknown = server.get("/app/public/x", "Remote-User", "mallory");

        assertEquals(503, down.status());
        assertFalse(down.setCookie().isPresent());
        assertEquals("alice", back.principal());
        assertTrue(back.inRole("manager"), "the realm's role once it answers");
        assertEquals("mallory", unknown.principal(), "an unknown user of a working realm is still created");
    }

    /**
     * A DataSourceRealm coming back can answer null for a known user while it reports itself available; taken at its
     * word, that refuses a known user as unknown. A null is asked once more before it counts as unknown.
     */
    @Test
    void aKnownUserIsNotTakenForUnknownOnOneNullAnswerOfARealmThatSaysItIsAvailable() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm",
                "createUnknownUsers", "false").start();
        server.realm().fault = TestRealm.Fault.NULL_ONCE;

        Reply alice = server.get("/app/public/x", "Remote-User", "alice");
        Reply mallory = server.get("/app/public/x", "Remote-User", "mallory");

        assertEquals("alice", alice.principal(), alice.body());
        assertEquals(403, mallory.status(), "a user the realm does not know, asked twice, is still unknown");
    }

    @Test
    void aJaasStackAddsRolesAndDisablesAccounts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (dev.remoteuser.testsupport.fixture.JaasFixture jaas = dev.remoteuser.testsupport.fixture.JaasFixture.install(dir)) {
            server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "jaas",
                    "jaasAppName", dev.remoteuser.testsupport.fixture.JaasFixture.APP_NAME,
                    "groupsHeader", "Remote-Groups").start();

            Reply alice = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");
            Reply carol = server.get("/app/public/x?session=create", "Remote-User", "carol");

            assertEquals("alice", alice.principal());
            assertTrue(alice.inRole("manager"), "role from the stacked properties module");
            assertTrue(alice.inRole("staff"), "role from the header");
            assertFalse(alice.inRole("admin"));
            assertEquals(403, carol.status());
            assertFalse(carol.setCookie().isPresent());
        }
    }

    /** What an AJP connector with tomcatAuthentication="false" does before any valve runs. */
    static final class AjpRemoteUser extends ValveBase {
        AjpRemoteUser() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            String user = request.getHeader("X-Test-Ajp-Remote-User");
            if (user != null) {
                request.getCoyoteRequest().getRemoteUser().setString(user);
                request.setUserPrincipal(new CoyotePrincipal(user));
            }
            getNext().invoke(request, response);
        }
    }

    @Test
    void connectorIdentityIsNormalisedAndGetsRoles() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "identitySource", "connector",
                "stripRealm", "EXAMPLE.COM", "groupsHeader", "Remote-Groups", "userStore", "realm")
                .before(new AjpRemoteUser()).start();

        Reply alice = server.get("/app/public/x", "X-Test-Ajp-Remote-User", "alice@EXAMPLE.COM",
                "Remote-Groups", "staff", "Remote-User", "admin");

        assertEquals("alice", alice.principal());
        assertTrue(alice.inRole("staff") && alice.inRole("manager"));
        assertEquals(RemoteUserValve.AUTH_TYPE, alice.get("authType"));
        assertEquals("null/0", alice.get("header.Remote-User"), "the user header means nothing in connector mode");
    }

    @Test
    void connectorIdentityFromAForeignRealmIsRefused() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "identitySource", "connector",
                "stripRealm", "EXAMPLE.COM").before(new AjpRemoteUser()).start();

        assertEquals(403, server.get("/app/public/x", "X-Test-Ajp-Remote-User", "alice@EVIL.COM").status());
        assertEquals("none", server.get("/app/public/x", "Remote-User", "alice").principal());
    }
}
