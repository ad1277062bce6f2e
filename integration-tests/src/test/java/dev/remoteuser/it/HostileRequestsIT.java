package dev.remoteuser.it;

import dev.remoteuser.testsupport.client.RawHttp;
import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.contract.AdapterScenarios;
import dev.remoteuser.testsupport.fixture.TestPki;
import dev.remoteuser.testsupport.server.UnixSocketRaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.MountableFile;

/**
 * Hostile requests as raw bytes against the real distributions (Tomcat 10.1 and 11, Jetty 12.1 and 12.0; Tomcat 11
 * and Jetty 12.0 in a Turkish JVM locale), from a trusted peer (this test process, through the Docker gateway, and
 * {@code ::1} inside the server's container), from an untrusted container, and through the real nginx proxy. Every
 * case asserts the status, the principal byte for byte, roles that must and must not be granted, that no identity
 * header reaches the webapp where it must not, and that a refusal creates no session; a last test reads the
 * servers' logs for raw values and secrets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestsIT {

    /** Where a request comes from. */
    enum Route {
        /** This process, a trusted peer (the Docker gateway is in trustedProxies). */
        TRUSTED,
        /** The client container, which nobody trusts. */
        UNTRUSTED,
        /** Through nginx, which logs the user in with basic auth and sets the identity headers. */
        PROXY,
        /** From inside the server's own container over IPv6 loopback, which is trusted ({@code ::1}). */
        LOOPBACK_V6,
        /** From inside the server's own container over IPv4 loopback, which is not trusted. */
        LOOPBACK_V4,
        /**
         * From inside the server's own container over a Unix-domain socket connector: a peer with no IP address
         * (Jetty reports none; Tomcat pretends 127.0.0.1, which is not trusted here).
         */
        UNIX_SOCKET
    }

    /**
     * What must come back.
     *
     * @param statuses  acceptable statuses (a container refusing a malformed request itself may answer 400 or 431)
     * @param principal the principal the webapp must see, byte for byte; "none" for no user; null when the request
     *                  is refused before the webapp runs
     * @param rolesIn   roles that must be granted
     * @param rolesOut  roles that must not be granted
     */
    record Expect(Set<Integer> statuses, String principal, Set<String> rolesIn, Set<String> rolesOut) {
    }

    /** One hostile request: its group (for the counts in the note), its name, route and raw text. */
    record Case(String group, String name, Route route, String request, Expect expect) {
        @Override
        public String toString() {
            return group + ": " + name + " (" + route.name().toLowerCase(Locale.ROOT) + ")";
        }
    }

    static final List<ServerKind> SERVERS = List.of(
            new ServerKind("tomcat", System.getProperty("tomcat.version"), "hostile"),
            new ServerKind("tomcat", System.getProperty("tomcat11.version"), "hostile"),
            new ServerKind("jetty", System.getProperty("jetty.version"), "hostile"),
            new ServerKind("jetty", System.getProperty("jetty120.version"), "hostile"));
    /** Servers whose JVM runs in a Turkish locale (dotless i): Tomcat 11 and Jetty 12.0. */
    static final Set<Integer> TURKISH = Set.of(1, 3);

    private static final String ALICE_BASIC = "Basic " + Base64.getEncoder().encodeToString(
            "alice:alice-pw".getBytes(StandardCharsets.UTF_8));
    private static final String ADMIN_BASIC = "Basic " + Base64.getEncoder().encodeToString(
            "admin:secret".getBytes(StandardCharsets.UTF_8));
    private static final String[] IDENTITY_SPELLINGS = {"Remote-User", "remote-user", "Remote_User", "Remote.User",
        "Remote-Groups", "Remote-Email"};
    /** The path of the servers' Unix-domain socket connector. */
    static final String UNIX_SOCKET = "/tmp/http.sock";
    /** A value carrying a control character, which must reach no log unescaped. */
    static final String CANARY = "canary\u0001value";

    private static StartedContainers containers;
    /** The servers' TLS certificate (CN=localhost) and the client's truststore. */
    private static TestPki pki;
    private static GenericContainer<?> nginx;
    private static GenericContainer<?> client;
    private static final Map<ServerKind, GenericContainer<?>> running = new LinkedHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        containers = new StartedContainers();
        Network network = containers.network();
        nginx = containers.start(Fixtures.nginx(network, SERVERS));
        client = containers.start(Fixtures.client(network));
        String gateway = Fixtures.gateway(network);
        Path pkiDir = Fixtures.WORK.resolve("hostile-pki");
        Fixtures.deleteTree(pkiDir);
        Files.createDirectories(pkiDir);
        pki = TestPki.create(pkiDir);
        String[][] options = {
            {"trustedProxies", Fixtures.address(nginx) + "," + gateway + ",::1"},
            {"groupsHeader", "Remote-Groups"},
            {"attributeHeaders", "email=Remote-Email"},
            {"stripRealm", "EXAMPLE.COM"},
            {"stripDomain", "CORP"},
            {"lowercaseUsername", "true"},
            {"mode", "per-request"},
        };
        for (int i = 0; i < SERVERS.size(); i++) {
            ServerKind kind = SERVERS.get(i);
            boolean turkish = TURKISH.contains(i);
            GenericContainer<?> server;
            if (kind.distribution().equals("tomcat")) {
                server = Fixtures.tomcat(network, kind.alias(), kind.version(), options,
                        "<Connector port=\"8081\" protocol=\"HTTP/1.1\">"
                                + "<UpgradeProtocol className=\"org.apache.coyote.http2.Http2Protocol\"/></Connector>\n"
                                + "    <Connector protocol=\"org.apache.coyote.http11.Http11NioProtocol\""
                                + " unixDomainSocketPath=\"" + UNIX_SOCKET + "\"/>\n"
                                + "    <Connector port=\"8443\" protocol=\"org.apache.coyote.http11.Http11NioProtocol\""
                                + " SSLEnabled=\"true\">"
                                + "<UpgradeProtocol className=\"org.apache.coyote.http2.Http2Protocol\"/>"
                                + "<SSLHostConfig><Certificate certificateKeystoreFile=\"/pki/server.p12\""
                                + " certificateKeystorePassword=\"changeit\" certificateKeystoreType=\"PKCS12\"/>"
                                + "</SSLHostConfig></Connector>");
                server.addExposedPort(8081);
                if (turkish) {
                    server.withEnv("CATALINA_OPTS", "-Xmx256m -Duser.language=tr -Duser.country=TR");
                }
            } else {
                server = Fixtures.jetty(network, kind.alias(), kind.version(), options,
                        ",http2c,unixdomain-http,https,http2", List.of("jetty.unixdomain.path=" + UNIX_SOCKET,
                                "jetty.ssl.port=8443", "jetty.ssl.sniHostCheck=false",
                                "jetty.sslContext.keyStorePath=/pki/server.p12",
                                "jetty.sslContext.keyStorePassword=changeit", "jetty.sslContext.keyStoreType=PKCS12"));
                if (turkish) {
                    server.withCommand("java", "-Xmx256m", "-Duser.language=tr", "-Duser.country=TR", "-jar",
                            "/opt/jetty-home/start.jar", "jetty.home=/opt/jetty-home", "jetty.base=/opt/jetty-base",
                            "jetty.http.port=8080");
                }
            }
            // HTTP/2 over TLS (ALPN h2) on 8443
            server.withCopyFileToContainer(MountableFile.forHostPath(pkiDir), "/pki");
            server.addExposedPort(8443);
            // the Unix-domain socket client runs in the server's container
            server.withCopyFileToContainer(MountableFile.forHostPath(
                    Fixtures.ARTIFACTS.resolve("remote-user-auth-test-support.jar")), "/opt/test-support.jar");
            // Docker disables IPv6 inside containers on an IPv4 network; the loopback is all this test needs
            server.withCreateContainerCmdModifier(create -> create.getHostConfig().withSysctls(Map.of(
                    "net.ipv6.conf.all.disable_ipv6", "0", "net.ipv6.conf.lo.disable_ipv6", "0")));
            running.put(kind, containers.start(server));
        }
    }

    @AfterAll
    static void stopEverything() {
        if (containers != null) {
            containers.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The table

    private static final Set<Integer> OK = Set.of(200);
    private static final Set<Integer> BAD_REQUEST = Set.of(400);
    /** Refused by the container's parser (400, 431) or by us (400): never the webapp. */
    private static final Set<Integer> REFUSED_BY_SOMEONE = Set.of(400, 431);

    private static Expect user(String principal, String... rolesIn) {
        return new Expect(OK, principal, Set.of(rolesIn), Set.of("admin", "*"));
    }

    private static Expect anonymous() {
        return new Expect(OK, "none", Set.of(), Set.of("admin", "staff", "*"));
    }

    private static Expect refused(Set<Integer> statuses) {
        return new Expect(statuses, null, Set.of(), Set.of());
    }

    /** A GET of the report page with these header lines (each "Name: value"), closing the connection after. */
    static String at(String path, String... headerLines) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: app.example\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    static String get(String... headerLines) {
        return at("/app/public/x?session=create", headerLines);
    }

    /** A string whose chars are the UTF-8 bytes of {@code text}, so {@link RawHttp#bytes} sends UTF-8. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // trust boundary: forwarded-address headers, IPv6 and IPv4 loopback peers
        cases.add(new Case("trust", "forged user from an untrusted peer", Route.UNTRUSTED,
                get("Remote-User: admin", "Remote-Groups: admin"), anonymous()));
        cases.add(new Case("trust", "X-Forwarded-For naming the proxy", Route.UNTRUSTED,
                get("X-Forwarded-For: 127.0.0.1", "X-Real-IP: 127.0.0.1", "Remote-User: admin"), anonymous()));
        cases.add(new Case("trust", "Forwarded naming the gateway and ::1", Route.UNTRUSTED,
                get("Forwarded: for=\"[::1]\";proto=https", "Remote-User: admin"), anonymous()));
        cases.add(new Case("trust", "trusted IPv6 loopback peer", Route.LOOPBACK_V6,
                get("Remote-User: alice", "Remote-Groups: staff"), user("alice", "staff")));
        cases.add(new Case("trust", "untrusted IPv4 loopback peer", Route.LOOPBACK_V4,
                get("Remote-User: admin", "Remote-Groups: admin"), anonymous()));
        cases.add(new Case("trust", "peer on a Unix-domain socket (no IP address)", Route.UNIX_SOCKET,
                get("Remote-User: admin", "Remote-Groups: admin"), anonymous()));
        cases.add(new Case("trust", "trusted peer claiming another with X-Forwarded-For", Route.TRUSTED,
                get("X-Forwarded-For: 203.0.113.9", "Remote-User: alice"), user("alice")));
        // header-name lookalikes and case
        cases.add(new Case("lookalike", "lower-case name is the same header", Route.TRUSTED,
                get("remote-user: alice"), user("alice")));
        cases.add(new Case("lookalike", "upper-case name is the same header", Route.TRUSTED,
                get("REMOTE-USER: alice"), user("alice")));
        cases.add(new Case("lookalike", "underscore alone is ignored and hidden", Route.TRUSTED,
                get("Remote_User: admin"), anonymous()));
        cases.add(new Case("lookalike", "dot alone is ignored and hidden", Route.TRUSTED,
                get("Remote.User: admin"), anonymous()));
        cases.add(new Case("lookalike", "underscore disagreeing with the real header", Route.TRUSTED,
                get("Remote-User: alice", "Remote_User: admin"), refused(BAD_REQUEST)));
        cases.add(new Case("lookalike", "underscore agreeing with the real header", Route.TRUSTED,
                get("Remote-User: alice", "Remote_User: alice"), user("alice")));
        cases.add(new Case("lookalike", "underscore from an untrusted peer", Route.UNTRUSTED,
                get("Remote_User: admin", "remote.user: admin"), anonymous()));
        // duplicates and list syntax
        cases.add(new Case("duplicates", "user header twice", Route.TRUSTED,
                get("Remote-User: alice", "Remote-User: admin"), refused(BAD_REQUEST)));
        cases.add(new Case("duplicates", "user header twice, same value", Route.TRUSTED,
                get("Remote-User: alice", "remote-user: alice"), refused(BAD_REQUEST)));
        cases.add(new Case("duplicates", "comma list", Route.TRUSTED,
                get("Remote-User: alice, admin"), refused(BAD_REQUEST)));
        cases.add(new Case("duplicates", "quoted value", Route.TRUSTED,
                get("Remote-User: \"admin\""), refused(BAD_REQUEST)));
        cases.add(new Case("duplicates", "semicolon parameter", Route.TRUSTED,
                get("Remote-User: alice;admin"), refused(BAD_REQUEST)));
        cases.add(new Case("duplicates", "groups header twice", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: staff", "Remote-Groups: admin"), refused(BAD_REQUEST)));
        cases.add(new Case("duplicates", "client's user header replaced by the proxy", Route.PROXY,
                get("Authorization: " + ALICE_BASIC, "Remote-User: admin", "Remote-User: admin"),
                user("alice", "staff")));
        // whitespace, control characters, size
        cases.add(new Case("whitespace", "optional white space around the value", Route.TRUSTED,
                get("Remote-User: \t alice \t "), user("alice")));
        cases.add(new Case("whitespace", "space inside", Route.TRUSTED,
                get("Remote-User: ali ce"), refused(BAD_REQUEST)));
        cases.add(new Case("whitespace", "tab inside", Route.TRUSTED,
                get("Remote-User: ali\tce"), refused(BAD_REQUEST)));
        cases.add(new Case("whitespace", "control character (logged escaped only)", Route.TRUSTED,
                get("Remote-User: " + CANARY), refused(REFUSED_BY_SOMEONE)));
        cases.add(new Case("whitespace", "NUL byte", Route.TRUSTED,
                get("Remote-User: alice\u0000admin"), refused(REFUSED_BY_SOMEONE)));
        cases.add(new Case("whitespace", "DEL byte", Route.TRUSTED,
                get("Remote-User: alice\u007fadmin"), refused(REFUSED_BY_SOMEONE)));
        cases.add(new Case("whitespace", "2000-character name", Route.TRUSTED,
                get("Remote-User: " + "x".repeat(2000)), refused(BAD_REQUEST)));
        cases.add(new Case("whitespace", "header larger than the container accepts", Route.TRUSTED,
                get("Remote-User: " + "y".repeat(20_000)), refused(Set.of(400, 413, 431))));
        cases.add(new Case("whitespace", "empty value is no identity", Route.TRUSTED,
                get("Remote-User:"), anonymous()));
        cases.add(new Case("whitespace", "lone CR inside the value", Route.TRUSTED,
                get("Remote-User: alice\radmin"), refused(REFUSED_BY_SOMEONE)));
        // non-ASCII and Unicode case-folding traps (the Turkish-locale servers too)
        cases.add(new Case("unicode", "upper-case ASCII lower-cased with the root locale", Route.TRUSTED,
                get("Remote-User: ALICE"), user("alice")));
        cases.add(new Case("unicode", "capital I lower-cased to i, never dotless", Route.TRUSTED,
                get("Remote-User: IRIS"), user("iris")));
        cases.add(new Case("unicode", "capital I with dot (U+0130) in UTF-8", Route.TRUSTED,
                get("Remote-User: " + utf8("AL\u0130CE")), refused(BAD_REQUEST)));
        cases.add(new Case("unicode", "Kelvin sign (U+212A) in UTF-8", Route.TRUSTED,
                get("Remote-User: " + utf8("\u212Aelvin")), refused(BAD_REQUEST)));
        cases.add(new Case("unicode", "fullwidth letters in UTF-8", Route.TRUSTED,
                get("Remote-User: " + utf8("\uFF41\uFF44\uFF4D\uFF49\uFF4E")), refused(BAD_REQUEST)));
        cases.add(new Case("unicode", "Latin-1 byte", Route.TRUSTED,
                get("Remote-User: andr\u00e9"), refused(BAD_REQUEST)));
        cases.add(new Case("unicode", "zero-width space in UTF-8", Route.TRUSTED,
                get("Remote-User: " + utf8("ad\u200Bmin")), refused(BAD_REQUEST)));
        // realms and domains
        cases.add(new Case("realms", "allowed realm stripped", Route.TRUSTED,
                get("Remote-User: alice@EXAMPLE.COM"), user("alice")));
        cases.add(new Case("realms", "foreign realm", Route.TRUSTED,
                get("Remote-User: alice@EVIL.COM"), refused(Set.of(403))));
        cases.add(new Case("realms", "realm compared byte for byte", Route.TRUSTED,
                get("Remote-User: alice@example.com"), refused(Set.of(403))));
        cases.add(new Case("realms", "allowed domain stripped", Route.TRUSTED,
                get("Remote-User: CORP\\alice"), user("alice")));
        cases.add(new Case("realms", "foreign domain", Route.TRUSTED,
                get("Remote-User: EVIL\\admin"), refused(Set.of(403))));
        cases.add(new Case("realms", "realm twice", Route.TRUSTED,
                get("Remote-User: admin@EVIL.COM@EXAMPLE.COM"), refused(Set.of(403))));
        // groups
        cases.add(new Case("groups", "groups become roles", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: staff,admin"),
                new Expect(OK, "alice", Set.of("staff", "admin"), Set.of("*"))));
        cases.add(new Case("groups", "another separator is part of the name", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: staff;admin"),
                new Expect(OK, "alice", Set.of(), Set.of("admin", "staff", "*"))));
        cases.add(new Case("groups", "reserved role names dropped", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: *,**,staff"), user("alice", "staff")));
        cases.add(new Case("groups", "quoted group", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: \"admin\""), refused(BAD_REQUEST)));
        cases.add(new Case("groups", "more than maxGroups", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: " + groups(300)), refused(BAD_REQUEST)));
        cases.add(new Case("groups", "256 groups allowed", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: staff," + groups(255)), user("alice", "staff")));
        cases.add(new Case("groups", "placeholder group", Route.TRUSTED,
                get("Remote-User: alice", "Remote-Groups: staff,%{REMOTE_GROUPS}e"), refused(BAD_REQUEST)));
        cases.add(new Case("groups", "groups header from an untrusted peer with a proxy login", Route.PROXY,
                get("Authorization: " + ALICE_BASIC, "Remote-Groups: admin"), user("alice", "staff")));
        // hop-by-hop Connection tricks through the proxy
        cases.add(new Case("hop-by-hop", "Connection naming the user header", Route.PROXY,
                get("Authorization: " + ALICE_BASIC, "Connection: Remote-User"), user("alice", "staff")));
        cases.add(new Case("hop-by-hop", "Connection naming the groups header", Route.PROXY,
                get("Authorization: " + ALICE_BASIC, "Connection: close, Remote-Groups", "Remote-Groups: admin"),
                user("alice", "staff")));
        cases.add(new Case("hop-by-hop", "Connection naming the user header, direct and untrusted", Route.UNTRUSTED,
                get("Connection: keep-alive, Remote-User", "Remote-User: admin"), anonymous()));
        // smuggling shapes through the proxy: a second request hidden in the body must never log in admin
        cases.add(new Case("smuggling", "CL.TE", Route.PROXY, smuggle(
                "Content-Length: %d", "Transfer-Encoding: chunked"), noAdmin()));
        cases.add(new Case("smuggling", "TE.CL", Route.PROXY, smuggle(
                "Transfer-Encoding: chunked", "Content-Length: 4"), noAdmin()));
        cases.add(new Case("smuggling", "TE with a space before the colon", Route.PROXY, smuggle(
                "Transfer-Encoding : chunked", "Content-Length: %d"), noAdmin()));
        cases.add(new Case("smuggling", "obs-fold continuing the user header", Route.PROXY,
                get("Authorization: " + ALICE_BASIC, "X-Other: a", " Remote-User: admin"), noAdmin()));
        cases.add(new Case("smuggling", "obs-fold on the user header, direct", Route.TRUSTED,
                get("Remote-User: alice", " admin"), refused(REFUSED_BY_SOMEONE)));
        // h2c upgrade attempts
        cases.add(new Case("h2c", "upgrade with a forged user, untrusted", Route.UNTRUSTED,
                get("Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__", "Connection: Upgrade, HTTP2-Settings",
                        "Remote-User: admin"), noAdmin()));
        cases.add(new Case("h2c", "upgrade through the proxy", Route.PROXY,
                get("Authorization: " + ALICE_BASIC, "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAAQAAP__",
                        "Remote-User: admin"), user("alice", "staff")));
        // Authorization: Basic next to the trusted header
        cases.add(new Case("basic", "trusted header wins over Basic credentials", Route.TRUSTED,
                get("Remote-User: alice", "Authorization: " + ADMIN_BASIC), user("alice")));
        cases.add(new Case("basic", "Basic credentials alone do not use the header path", Route.UNTRUSTED,
                get("Remote-User: admin", "Authorization: " + ADMIN_BASIC), anonymous()));
        return cases;
    }

    private static Expect noAdmin() {
        return new Expect(Set.of(), "!admin", Set.of(), Set.of("admin"));
    }

    private static String groups(int count) {
        StringBuilder groups = new StringBuilder();
        for (int i = 0; i < count; i++) {
            groups.append(i == 0 ? "" : ",").append("g").append(i);
        }
        return groups.toString();
    }

    /**
     * A POST through the proxy as alice whose framing headers disagree, with a second request in the body that asks
     * for /app/admin/ as admin. {@code %d} in a header is the body's length.
     */
    private static String smuggle(String framing1, String framing2) {
        String inner = "GET /app/admin/x HTTP/1.1\r\nHost: app.example\r\nRemote-User: admin\r\n"
                + "Remote-Groups: admin\r\n\r\n";
        String body = "0\r\n\r\n" + inner;
        String head = "POST /app/public/x HTTP/1.1\r\nHost: app.example\r\nAuthorization: " + ALICE_BASIC + "\r\n"
                + framing1.replace("%d", String.valueOf(body.length())) + "\r\n"
                + framing2.replace("%d", String.valueOf(body.length())) + "\r\n\r\n";
        return head + body + get("Authorization: " + ALICE_BASIC);
    }

    static Stream<Arguments> serversAndCases() {
        List<Arguments> all = new ArrayList<>();
        for (ServerKind kind : SERVERS) {
            for (Case c : cases()) {
                all.add(Arguments.of(kind, c));
            }
        }
        return all.stream();
    }

    static List<ServerKind> servers() {
        return SERVERS;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sending

    private static List<Reply> send(ServerKind kind, Route route, String request) throws Exception {
        byte[] bytes = RawHttp.bytes(request);
        GenericContainer<?> server = running.get(kind);
        return switch (route) {
            case TRUSTED -> RawHttp.exchange(server.getHost(), server.getMappedPort(8080), bytes, 5_000);
            case PROXY -> RawHttp.exchange(nginx.getHost(), nginx.getMappedPort(8101 + SERVERS.indexOf(kind)),
                    bytes, 5_000);
            case UNTRUSTED -> inContainer(client, kind.alias(), bytes);
            case LOOPBACK_V6 -> inContainer(server, "::1", bytes);
            case LOOPBACK_V4 -> inContainer(server, "127.0.0.1", bytes);
            case UNIX_SOCKET -> overUnixSocket(server, bytes);
        };
    }

    /** Sends the bytes from inside the server's container to its Unix-domain socket connector. */
    private static List<Reply> overUnixSocket(GenericContainer<?> server, byte[] request) throws Exception {
        Container.ExecResult result = server.execInContainer("java", "-cp", "/opt/test-support.jar",
                UnixSocketRaw.class.getName(), UNIX_SOCKET, Base64.getEncoder().encodeToString(request));
        assertEquals(0, result.getExitCode(), result.getStderr());
        return RawHttp.replies(Base64.getDecoder().decode(result.getStdout().strip()));
    }

    /** Sends the bytes from inside a container with bash's /dev/tcp (base64 both ways, so every byte survives). */
    private static List<Reply> inContainer(GenericContainer<?> from, String host, byte[] request) throws Exception {
        Container.ExecResult result = from.execInContainer("bash", "-c",
                "exec 3<>/dev/tcp/$0/8080 && printf %s \"$1\" | base64 -d >&3 && timeout 5 cat <&3 | base64 -w0",
                host, Base64.getEncoder().encodeToString(request));
        assertEquals(0, result.getExitCode(), result.getStderr());
        return RawHttp.replies(Base64.getDecoder().decode(result.getStdout().strip()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The tests

    @Order(1)
    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("serversAndCases")
    void hostileRequest(ServerKind kind, Case c) throws Exception {
        List<Reply> replies = send(kind, c.route(), c.request());
        Expect expect = c.expect();

        assertFalse(replies.isEmpty(), "no answer");
        if (expect.principal() != null && expect.principal().equals("!admin")) {
            for (Reply reply : replies) {
                assertNotEquals("admin", reply.report().get("principal"), reply.body());
                assertFalse(reply.inRole("admin"), reply.body());
                assertIdentityHidden(reply, "admin");
            }
            return;
        }
        Reply reply = replies.get(0);
        assertTrue(expect.statuses().contains(reply.status()), "status " + reply.status() + ": " + reply.body());
        if (expect.principal() == null) {
            assertTrue(reply.report().isEmpty(), "the webapp must not run: " + reply.body());
            assertEquals(Optional.empty(), reply.setCookie(), "a refusal creates no session");
            return;
        }
        assertEquals(expect.principal(), reply.principal(), reply.body());
        for (String role : expect.rolesIn()) {
            assertTrue(reply.inRole(role), role + ": " + reply.body());
        }
        for (String role : expect.rolesOut()) {
            assertFalse(reply.inRole(role), role + ": " + reply.body());
        }
        if (expect.principal().equals("none")) {
            assertIdentityHidden(reply, null);
        }
    }

    /** No identity header spelling reaches the webapp (with {@code value}: none carrying that value). */
    private static void assertIdentityHidden(Reply reply, String value) {
        for (String header : IDENTITY_SPELLINGS) {
            String seen = reply.report().get("header." + header);
            if (seen == null) {
                continue;
            }
            if (value == null) {
                assertEquals("null/0", seen, header + ": " + reply.body());
            } else {
                assertFalse(seen.startsWith(value + "/"), header + ": " + reply.body());
            }
        }
    }

    /** A session created for an anonymous visitor is not the one the logged-in user gets (fixation). */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void loginRenewsAFixedSessionId(ServerKind kind) throws Exception {
        Reply anonymous = send(kind, Route.TRUSTED, get()).get(0);
        String fixed = anonymous.session();
        assertNotEquals("none", fixed);

        Reply login = send(kind, Route.TRUSTED, get("Remote-User: alice", "Cookie: " + anonymous.cookie())).get(0);

        assertEquals("alice", login.principal());
        assertNotEquals(fixed, login.session(), "the session id changes at login");
        assertTrue(login.setCookie().isPresent(), "the new id is sent");
    }

    /** Another user with the first user's cookie gets a new session; the old one is gone. */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aPrincipalChangeNeverInheritsTheSession(ServerKind kind) throws Exception {
        Reply alice = send(kind, Route.TRUSTED, get("Remote-User: alice", "Remote-Groups: staff")).get(0);

        Reply bob = send(kind, Route.TRUSTED, get("Remote-User: bob", "Cookie: " + alice.cookie())).get(0);
        Reply replay = send(kind, Route.TRUSTED, at("/app/public/x", "Cookie: " + alice.cookie())).get(0);

        assertEquals("bob", bob.principal());
        assertFalse(bob.inRole("staff"), "bob does not inherit alice's roles");
        assertNotEquals(alice.session(), bob.session());
        assertEquals("none", replay.principal());
    }

    static Stream<Arguments> serversAndRaces() {
        return SERVERS.stream().flatMap(kind -> Stream.of(AdapterScenarios.SessionRace.values())
                .map(race -> Arguments.of(kind, race)));
    }

    /**
     * A session the webapp creates is marked for its user before the response leaves: the second of two requests,
     * on a connection opened beforehand and written the moment the first response's last byte arrives (what a
     * proxy's upstream pool does), already meets the marked session. 200 trials per scenario and server.
     */
    @Order(2)
    @ParameterizedTest(name = "{0} | {1}")
    @MethodSource("serversAndRaces")
    void aSessionTheWebappCreatesIsMarkedBeforeTheResponseLeaves(ServerKind kind, AdapterScenarios.SessionRace race)
            throws Exception {
        GenericContainer<?> server = running.get(kind);

        race.assertNoFailureIn(200, server.getHost(), server.getMappedPort(8080));
    }

    /** Per-request mode creates no session the webapp did not ask for, on 200s and 403s of constrained paths. */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void perRequestModeSetsNoCookieTheWebappDidNotAskFor(ServerKind kind) throws Exception {
        String[] paths = {"/app/secure/x", "/app/admin/x", "/app/public/x"};
        int[] statuses = {200, 403, 200};
        for (int i = 0; i < 300; i++) {
            Reply reply = send(kind, Route.TRUSTED, at(paths[i % 3], "Remote-User: bob", "Remote-Groups: staff"))
                    .get(0);
            assertEquals(statuses[i % 3], reply.status(), paths[i % 3]);
            assertEquals(Optional.empty(), reply.setCookie(), paths[i % 3] + " set a cookie");
        }
    }

    /** A logged-in user's cookie replayed by an untrusted peer, and later without the header, is anonymous. */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aReplayedCookieIsAnonymousAndPerRequestModeLogsOut(ServerKind kind) throws Exception {
        Reply alice = send(kind, Route.TRUSTED, get("Remote-User: alice")).get(0);

        Reply replayed = send(kind, Route.UNTRUSTED, at("/app/public/x", "Cookie: " + alice.cookie())).get(0);
        Reply withoutHeader = send(kind, Route.TRUSTED, at("/app/public/x", "Cookie: " + alice.cookie())).get(0);
        Reply after = send(kind, Route.TRUSTED, at("/app/public/x", "Cookie: " + alice.cookie())).get(0);

        assertEquals("alice", alice.principal());
        assertEquals("none", replayed.principal());
        assertEquals("none", withoutHeader.principal());
        assertEquals("none", after.session(), "the session was invalidated at logout");
    }

    /**
     * HTTP/2 (h2c) to the server's h2-enabled connector from the trusted peer: the same rules per header field.
     * Java's client upgrades on the first request; every request here is checked to have been HTTP/2.
     */
    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void http2FollowsTheSameRules(ServerKind kind) throws Exception {
        GenericContainer<?> server = running.get(kind);
        int port = server.getMappedPort(kind.distribution().equals("tomcat") ? 8081 : 8080);
        URI uri = URI.create("http://" + server.getHost() + ":" + port + "/app/public/x");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertHttp2FollowsTheSameRules(http, uri);
    }

    /** HTTP/2 over TLS (negotiated with ALPN) to the server's h2 connector: the same rules per header field. */
    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void http2OverTlsFollowsTheSameRules(ServerKind kind) throws Exception {
        GenericContainer<?> server = running.get(kind);
        URI uri = URI.create("https://localhost:" + server.getMappedPort(8443) + "/app/public/x");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .sslContext(pki.clientContext(null)).connectTimeout(Duration.ofSeconds(10)).build();
        assertHttp2FollowsTheSameRules(http, uri);
    }

    private static void assertHttp2FollowsTheSameRules(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> alice = http.send(HttpRequest.newBuilder(uri).header("remote-user", "ALICE")
                .header("remote-groups", "staff").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> twice = http.send(HttpRequest.newBuilder(uri).header("remote-user", "alice")
                .header("remote-user", "admin").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> lookalike = http.send(HttpRequest.newBuilder(uri).header("remote-user", "alice")
                .header("remote_user", "admin").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(HttpClient.Version.HTTP_2, alice.version());
        assertEquals(200, alice.statusCode(), alice.body());
        assertEquals("alice", new Reply(alice).principal());
        assertTrue(new Reply(alice).inRole("staff"));
        assertEquals(HttpClient.Version.HTTP_2, twice.version());
        assertEquals(400, twice.statusCode(), twice.body());
        assertEquals(400, lookalike.statusCode(), lookalike.body());
    }

    /** HTTP/2 with prior knowledge from the untrusted container: forged headers are hidden and ignored. */
    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void http2FromAnUntrustedPeerIsAnonymous(ServerKind kind) throws Exception {
        int port = kind.distribution().equals("tomcat") ? 8081 : 8080;
        Container.ExecResult result = client.execInContainer("curl", "-s", "-i", "--max-time", "10",
                "--http2-prior-knowledge", "-H", "remote-user: admin", "-H", "remote-groups: admin", "-H",
                "remote_user: admin", "http://" + kind.alias() + ":" + port + "/app/public/x");
        assertEquals(0, result.getExitCode(), result.getStderr());
        Reply reply = Reply.fromCurl(result.getStdout());

        assertTrue(result.getStdout().startsWith("HTTP/2 "), result.getStdout());
        assertEquals(200, reply.status());
        assertEquals("none", reply.principal());
        assertIdentityHidden(reply, null);
    }

    /** Requests per server in the concurrency test: HTTP/1.1 keep-alive plus HTTP/2 streams. */
    static final int CONCURRENT_REQUESTS = 100_000;
    static final int HTTP2_SHARE = 20_000;

    /**
     * 100,000 requests per server, at most 64 in flight over keep-alive HTTP/1.1 connections plus 20,000 of them as
     * HTTP/2 streams on the h2c connector, each with a random user of 1,000 and random groups, one in ten a refused
     * shape (duplicate or disagreeing lookalike) and one in ten carrying an ignored lookalike: every answer must name
     * exactly the request's user with exactly its groups' roles, or be the 400 it must be.
     */
    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void concurrentRequestsNeverMixUpUsers(ServerKind kind) throws Exception {
        GenericContainer<?> server = running.get(kind);
        URI http1 = URI.create("http://" + server.getHost() + ":" + server.getMappedPort(8080) + "/app/public/x");
        URI http2 = URI.create("http://" + server.getHost() + ":"
                + server.getMappedPort(kind.distribution().equals("tomcat") ? 8081 : 8080) + "/app/public/x");
        HttpClient client1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient client2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        client2.send(HttpRequest.newBuilder(http2).build(), HttpResponse.BodyHandlers.discarding());
        Semaphore inFlight = new Semaphore(64);
        AtomicInteger mismatches = new AtomicInteger();
        AtomicInteger refusedAsExpected = new AtomicInteger();
        AtomicInteger http2Answers = new AtomicInteger();
        ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
        Random random = new Random(12);
        String[] allGroups = {"staff", "admin", "manager"};
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < CONCURRENT_REQUESTS; i++) {
            boolean overHttp2 = i % (CONCURRENT_REQUESTS / HTTP2_SHARE) == 0;
            String user = "uid" + random.nextInt(1000); // sent upper-case: a Turkish-locale bug would answer "uıd"
            List<String> groups = new ArrayList<>();
            for (String group : allGroups) {
                if (random.nextBoolean()) {
                    groups.add(group);
                }
            }
            int shape = random.nextInt(10);
            HttpRequest.Builder request = HttpRequest.newBuilder(overHttp2 ? http2 : http1)
                    .header("Remote-User", user.toUpperCase(Locale.ROOT))
                    .header("Remote-Groups", String.join(",", groups));
            if (shape == 0) {
                request.header(random.nextBoolean() ? "Remote-User" : "Remote_User", "admin");
            } else if (shape == 1) {
                request.header("Remote.User", user.toUpperCase(Locale.ROOT));
            }
            boolean mustBeRefused = shape == 0;
            inFlight.acquire();
            pending.add((overHttp2 ? client2 : client1).sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                        inFlight.release();
                        String problem = failure != null ? failure.toString()
                                : check(response, user, groups, mustBeRefused);
                        if (problem != null) {
                            mismatches.incrementAndGet();
                            if (examples.size() < 5) {
                                examples.add(problem);
                            }
                        } else if (mustBeRefused) {
                            refusedAsExpected.incrementAndGet();
                        }
                        if (response != null && response.version() == HttpClient.Version.HTTP_2) {
                            http2Answers.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture[0]))
                .exceptionally(e -> null).get(10, TimeUnit.MINUTES);

        System.out.printf("concurrency %s: %d requests (%d over HTTP/2), %d refused as they must be, %d mismatches%n",
                kind, CONCURRENT_REQUESTS, http2Answers.get(), refusedAsExpected.get(), mismatches.get());
        assertEquals(0, mismatches.get(), "mismatches, for example: " + examples);
        assertEquals(HTTP2_SHARE, http2Answers.get(), "answers that came over HTTP/2");
        assertTrue(refusedAsExpected.get() > CONCURRENT_REQUESTS / 20, "the forged shapes were sent");
    }

    /** Null when the answer is exactly right for the request, else what is wrong. */
    private static String check(HttpResponse<String> response, String user, List<String> groups, boolean refused) {
        if (refused) {
            return response.statusCode() == 400 ? null : "expected 400 for a forged shape, got "
                    + response.statusCode() + " " + response.body();
        }
        Reply reply = new Reply(response);
        if (response.statusCode() != 200 || !user.equals(reply.principal())) {
            return "expected " + user + ", got " + response.statusCode() + " " + response.body();
        }
        for (String role : new String[] {"staff", "admin", "manager"}) {
            if (reply.inRole(role) != groups.contains(role)) {
                return user + " with groups " + groups + " answered role " + role + "=" + reply.inRole(role);
            }
        }
        return null;
    }

    /**
     * After everything above: no server log holds a raw control character from a header, a 300-character run of a
     * refused oversized value, the Basic credentials, or a session id the webapp handed out.
     */
    @Order(6)
    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void logsHoldNoRawValuesOrSecrets(ServerKind kind) throws Exception {
        Reply session = send(kind, Route.TRUSTED, get("Remote-User: alice")).get(0);
        send(kind, Route.TRUSTED, get("Remote-User: " + CANARY));
        String logs = running.get(kind).getLogs();

        assertTrue(logs.contains("remote-user-auth"), "the plugin logged its startup line");
        assertFalse(logs.contains(CANARY), "raw control character in the log");
        assertFalse(logs.contains("x".repeat(300)), "an oversized value was logged untruncated");
        assertFalse(logs.contains(ALICE_BASIC.substring(6)), "Basic credentials in the log");
        assertFalse(logs.contains(ADMIN_BASIC.substring(6)), "Basic credentials in the log");
        assertFalse(logs.contains("alice-pw") || logs.contains("admin:secret"), "a password in the log");
        assertFalse(logs.contains(session.session()), "a session id in the log");
    }
}
