package dev.remoteuser.it;

import dev.remoteuser.testsupport.client.HttpProbe;
import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * One scenario table, run against every real server: Tomcat 10.1 and 11 from their distributions and Jetty 12.1
 * and 12.0 from jetty-home, each in per-request and persistent mode, behind one real nginx that authenticates with basic auth
 * and passes Remote-User and Remote-Groups. The servers trust only nginx's address on the test network; a plain
 * client container on the same network plays the attacker who reaches a server directly.
 */
class ServerScenariosIT {

    static final List<ServerKind> SERVERS = List.of(
            new ServerKind("tomcat", System.getProperty("tomcat.version"), "per-request"),
            new ServerKind("tomcat", System.getProperty("tomcat.version"), "persistent"),
            new ServerKind("tomcat", System.getProperty("tomcat11.version"), "per-request"),
            new ServerKind("tomcat", System.getProperty("tomcat11.version"), "persistent"),
            new ServerKind("jetty", System.getProperty("jetty.version"), "per-request"),
            new ServerKind("jetty", System.getProperty("jetty.version"), "persistent"),
            new ServerKind("jetty", System.getProperty("jetty120.version"), "per-request"),
            new ServerKind("jetty", System.getProperty("jetty120.version"), "persistent"));

    private static Network network;
    private static GenericContainer<?> nginx;
    private static GenericContainer<?> client;
    private static final Map<ServerKind, GenericContainer<?>> running = new LinkedHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        network = Network.newNetwork();
        nginx = Fixtures.nginx(network, SERVERS);
        nginx.start();
        String proxyAddress = Fixtures.address(nginx);
        client = Fixtures.client(network);
        client.start();
        for (ServerKind kind : SERVERS) {
            GenericContainer<?> server = kind.distribution().equals("tomcat")
                    ? Fixtures.tomcat(network, kind, proxyAddress)
                    : Fixtures.jetty(network, kind, proxyAddress);
            server.start();
            running.put(kind, server);
        }
    }

    @AfterAll
    static void stopEverything() {
        List<GenericContainer<?>> all = new ArrayList<>(running.values());
        all.add(client);
        all.add(nginx);
        for (GenericContainer<?> container : all) {
            if (container != null) {
                container.stop();
            }
        }
        if (network != null) {
            network.close();
        }
    }

    static List<ServerKind> servers() {
        return SERVERS;
    }

    /** Requests through nginx, from the host. */
    private static HttpProbe viaProxy(ServerKind kind) {
        return new HttpProbe(nginx.getHost(), nginx.getMappedPort(8101 + SERVERS.indexOf(kind)));
    }

    /** A request straight to the server from the client container: a peer the server does not trust. */
    private static Reply direct(ServerKind kind, String path, String... headers) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "10"));
        for (int i = 0; i < headers.length; i += 2) {
            command.add("-H");
            command.add(headers[i] + ": " + headers[i + 1]);
        }
        command.add("http://" + kind.alias() + ":8080" + path);
        Container.ExecResult result = client.execInContainer(command.toArray(new String[0]));
        assertEquals(0, result.getExitCode(), result.getStderr());
        return Reply.fromCurl(result.getStdout());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static final String[] ALICE = {"Authorization", basic("alice", "alice-pw")};

    private static String[] with(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void loginThroughTheProxyGivesTheUserWithGroupAndRealmRoles(ServerKind kind) throws Exception {
        Reply reply = viaProxy(kind).get("/app/public/x", with(ALICE, "Remote_User", "admin"));

        assertEquals(200, reply.status(), reply.body());
        assertEquals("alice", reply.principal());
        assertEquals("alice", reply.get("remoteUser"));
        assertEquals("REMOTE_USER", reply.get("authType"));
        assertTrue(reply.inRole("staff"), "role from the proxy's groups header");
        assertTrue(reply.inRole("manager"), "role from the realm (tomcat-users.xml / HashLoginService file)");
        assertFalse(reply.inRole("admin"));
        assertEquals("null/0", reply.get("header.Remote_User"), "lookalike never reaches the webapp");
        assertEquals(200, viaProxy(kind).get("/app/secure/x", ALICE).status(), "staff may see /secure");
        assertEquals(403, viaProxy(kind).get("/app/admin/x", ALICE).status(), "alice is no admin");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aWrongPasswordStopsAtTheProxy(ServerKind kind) throws Exception {
        assertEquals(401, viaProxy(kind).get("/app/public/x", "Authorization", basic("alice", "nope")).status());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void forgedIdentityFromAnUntrustedContainerIsStripped(ServerKind kind) throws Exception {
        String[] forged = {"Remote-User", "admin", "Remote-Groups", "admin,staff", "Remote_User", "admin",
            "Remote.User", "admin"};

        Reply reply = direct(kind, "/app/public/x", forged);
        Reply admin = direct(kind, "/app/admin/x", forged);

        assertEquals(200, reply.status(), reply.body());
        assertEquals("none", reply.principal());
        for (String header : new String[] {"Remote-User", "Remote_User", "Remote.User", "Remote-Groups"}) {
            assertEquals("null/0", reply.get("header." + header), header);
        }
        assertNotEquals("admin", admin.principal(), "the forged admin never reaches /admin");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aProxySendingTheUserHeaderTwiceIsRefused(ServerKind kind) throws Exception {
        Reply reply = viaProxy(kind).get("/dup/app/public/x?session=create", ALICE);

        assertEquals(400, reply.status(), reply.body());
        assertEquals(Optional.empty(), reply.setCookie());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void theSessionCookieReplayedDirectlyIsAnonymous(ServerKind kind) throws Exception {
        Reply login = viaProxy(kind).get("/app/public/x?session=create", ALICE);

        Reply replay = direct(kind, "/app/public/x", "Cookie", login.cookie());

        assertEquals("alice", login.principal());
        assertEquals("none", replay.principal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void withoutTheHeaderPerRequestLogsOutAndPersistentKeepsTheUser(ServerKind kind) throws Exception {
        Reply login = viaProxy(kind).get("/app/public/x?session=create", ALICE);

        Reply later = viaProxy(kind).get("/anon/app/public/x", "Cookie", login.cookie());
        Reply next = viaProxy(kind).get("/anon/app/public/x", "Cookie", login.cookie());

        if (kind.persistent()) {
            assertEquals("alice", later.principal());
            assertEquals(login.session(), later.session());
            assertTrue(later.inRole("staff"));
            assertEquals("alice", next.principal());
        } else {
            assertEquals("none", later.principal());
            // Jetty 12.0 still shows the invalidated session's id during the request that invalidated it
            assertEquals("none", next.session(), "the logged-out user's session is invalidated");
            assertEquals("none", next.principal());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void anotherUserInTheHeaderGetsANewSession(ServerKind kind) throws Exception {
        Reply alice = viaProxy(kind).get("/app/public/x?session=create", ALICE);

        Reply bob = viaProxy(kind).get("/app/public/x?session=create", "Authorization", basic("bob", "bob-pw"),
                "Cookie", alice.cookie());
        Reply oldSession = viaProxy(kind).get("/anon/app/public/x", "Cookie", alice.cookie());

        assertEquals("bob", bob.principal());
        assertNotEquals(alice.session(), bob.session());
        assertEquals("none", oldSession.principal(), "alice's session was invalidated, not handed to bob");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aLocalAdminCanStillUseTheWebappsFormLogin(ServerKind kind) throws Exception {
        HttpProbe proxy = viaProxy(kind);
        Reply challenge = proxy.get("/anon/app/admin/x");
        String cookie = challenge.cookie();

        Reply posted = proxy.postForm("/anon/app/j_security_check", "j_username=admin&j_password=secret",
                "Cookie", cookie);
        String loggedIn = posted.setCookie().map(id -> "JSESSIONID=" + id).orElse(cookie);
        Reply admin = proxy.get("/anon/app/admin/x", "Cookie", loggedIn);

        assertTrue(posted.status() == 302 || posted.status() == 303, posted.status() + " " + posted.body());
        assertEquals(200, admin.status(), admin.body());
        assertEquals("admin", admin.principal());
        assertEquals("FORM", admin.get("authType"));
    }
}
