package dev.remoteuser.it;

import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.fixture.TestPki;
import dev.remoteuser.testsupport.fixture.TestTokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * Signed assertions end to end, in containers: a JWKS server over HTTPS ({@code jwks}), the tests' signing proxy
 * ({@code signer}: Basic login, an ES256 token per request, forwarded over TLS with the proxy's client certificate),
 * and Tomcat 10.1 and Jetty 12.1 from their distributions with {@code remote-user-auth-jwt.jar} installed next to
 * the plugin and a TLS connector that requires a client certificate. Both proofs are configured: the pinned proxy
 * certificate and the token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedAssertionsIT {

    private static final String ISSUER = "https://proxy.test";
    private static final String AUDIENCE = "app";
    private static final String HEADER = "X-Assertion";
    private static final TestTokens.SigningKey KEY = TestTokens.ec("k1");
    /** Signing-proxy port to the server behind it. */
    private static final Map<String, String> SERVERS = new LinkedHashMap<>();

    static {
        SERVERS.put("8301", "jwt-tomcat");
        SERVERS.put("8302", "jwt-jetty");
    }

    private static StartedContainers containers;
    private static Network network;
    private static GenericContainer<?> client;
    /** The JWKS server; the last test stops it and starts it again with a second key. */
    private static GenericContainer<?> keyServer;
    private static Path jwksFile;
    private static final TestTokens.SigningKey SECOND_KEY = TestTokens.ec("k2");

    /** The token and the proxy certificate are the trust; the signing proxy connects from its container's address. */
    private static final String[][] OPTIONS = {
        {"trustedProxies", "any"},
        {"trustedProxyCertificates", "dns:proxy.test"},
        {"assertionHeader", HEADER},
        {"jwksUrl", "https://jwks:8443/jwks.json"},
        {"issuer", ISSUER},
        {"audience", AUDIENCE},
        {"groupsClaim", "groups"},
    };
    private static final String TRUST_JWKS = "-Djavax.net.ssl.trustStore=/pki/client-trust.p12"
            + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12";

    @BeforeAll
    static void startEverything() throws Exception {
        Path work = Fixtures.WORK.resolve("jwt");
        Fixtures.deleteTree(work);
        Path pkiDir = work.resolve("pki");
        Files.createDirectories(pkiDir);
        TestPki.create(pkiDir);
        KEY.save(pkiDir.resolve("signing.key"));
        Path jwks = Fixtures.write(work.resolve("keys/jwks.json"), TestTokens.jwks(KEY));
        jwksFile = jwks;
        MountableFile pki = MountableFile.forHostPath(pkiDir);
        MountableFile testSupport = MountableFile.forHostPath(
                Fixtures.ARTIFACTS.resolve("remote-user-auth-test-support.jar"));
        MountableFile jwtJar = MountableFile.forHostPath(Fixtures.ARTIFACTS.resolve("remote-user-auth-jwt.jar"));
        containers = new StartedContainers();
        network = containers.network();

        keyServer = start(new GenericContainer<>(Fixtures.BASE).withNetwork(network).withNetworkAliases("jwks")
                .withCopyFileToContainer(testSupport, "/opt/test-support.jar")
                .withCopyFileToContainer(pki, "/pki")
                .withCopyFileToContainer(MountableFile.forHostPath(jwks.getParent()), "/keys")
                .withCommand("java", "-cp", "/opt/test-support.jar", "dev.remoteuser.testsupport.server.KeyServer", "8443",
                        "/pki", "/keys/jwks.json")
                .waitingFor(Wait.forLogMessage(".*key server listening.*", 1)).withStartupTimeout(Fixtures.STARTUP));

        String tlsConnector = """
                <Connector port="8443" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true">
                      <SSLHostConfig certificateVerification="required" truststoreFile="/pki/server-trust.p12"
                                     truststorePassword="changeit" truststoreType="PKCS12">
                        <Certificate certificateKeystoreFile="/pki/server.p12" certificateKeystorePassword="changeit"
                                     certificateKeystoreType="PKCS12"/>
                      </SSLHostConfig>
                    </Connector>""";
        start(Fixtures.tomcat(network, "jwt-tomcat", System.getProperty("tomcat.version"), OPTIONS, tlsConnector)
                .withCopyFileToContainer(pki, "/pki")
                .withCopyFileToContainer(jwtJar, "/opt/tomcat/lib/remote-user-auth-jwt.jar")
                .withEnv("CATALINA_OPTS", "-Xmx256m " + TRUST_JWKS));

        List<String> ssl = List.of("jetty.ssl.port=8443", "jetty.ssl.sniHostCheck=false",
                "jetty.sslContext.keyStorePath=/pki/server.p12", "jetty.sslContext.keyStorePassword=changeit",
                "jetty.sslContext.keyStoreType=PKCS12", "jetty.sslContext.trustStorePath=/pki/server-trust.p12",
                "jetty.sslContext.trustStorePassword=changeit", "jetty.sslContext.trustStoreType=PKCS12",
                "jetty.sslContext.needClientAuth=true");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m"));
        command.addAll(List.of(TRUST_JWKS.trim().split(" ")));
        command.addAll(List.of("-jar", "/opt/jetty-home/start.jar", "jetty.home=/opt/jetty-home",
                "jetty.base=/opt/jetty-base", "jetty.http.port=8080"));
        start(Fixtures.jetty(network, "jwt-jetty", System.getProperty("jetty.version"), OPTIONS, ",https", ssl)
                .withCopyFileToContainer(pki, "/pki")
                .withCopyFileToContainer(jwtJar, "/opt/jetty-base/lib/remote-user-auth/remote-user-auth-jwt.jar")
                .withCommand(command.toArray(new String[0])));

        StringBuilder proxies = new StringBuilder();
        SERVERS.forEach((port, server) -> proxies.append("java -cp /opt/test-support.jar")
                .append(" dev.remoteuser.testsupport.server.SigningProxy ").append(port).append(" https://").append(server)
                .append(":8443 /pki /pki/signing.key ").append(ISSUER).append(' ').append(AUDIENCE).append(' ')
                .append(HEADER).append(" & "));
        start(new GenericContainer<>(Fixtures.BASE).withNetwork(network).withNetworkAliases("signer")
                .withCopyFileToContainer(testSupport, "/opt/test-support.jar")
                .withCopyFileToContainer(pki, "/pki")
                .withCommand("sh", "-c", proxies + "wait")
                .waitingFor(Wait.forLogMessage(".*signing proxy listening.*", SERVERS.size()))
                .withStartupTimeout(Fixtures.STARTUP));
        client = start(Fixtures.client(network).withCopyFileToContainer(pki, "/pki"));
    }

    private static GenericContainer<?> start(GenericContainer<?> container) {
        return containers.start(container);
    }

    @AfterAll
    static void stopEverything() {
        if (containers != null) {
            containers.close();
        }
    }

    /** Runs curl in the client container with these arguments and parses its answer. */
    private static Reply curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-i", "--max-time", "10"));
        command.addAll(List.of(args));
        Container.ExecResult result = client.execInContainer(command.toArray(new String[0]));
        assertEquals(0, result.getExitCode(), result.getStderr());
        return Reply.fromCurl(result.getStdout());
    }

    /** curl straight to the server's TLS connector, presenting this client certificate. */
    private static Reply direct(String port, String certificate, String path, String... headers) throws Exception {
        List<String> args = new ArrayList<>(List.of("-k", "--cert-type", "P12", "--cert",
                "/pki/" + certificate + ".p12:changeit"));
        for (String header : headers) {
            args.addAll(List.of("-H", header));
        }
        args.add("https://" + SERVERS.get(port) + ":8443" + path);
        return curl(args.toArray(new String[0]));
    }

    private static String token(TestTokens.SigningKey key, String user, long lifetime) {
        Map<String, Object> claims = new LinkedHashMap<>(TestTokens.claims(ISSUER, AUDIENCE, user, lifetime));
        claims.put("groups", List.of("staff"));
        return key.sign(claims);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"8301", "8302"})
    void theSigningProxysUsersReachTheWebappWithTheirGroups(String port) throws Exception {
        Reply alice = curl("-u", "alice:alice-pw", "http://signer:" + port + "/app/secure/x");
        Reply bob = curl("-u", "bob:bob-pw", "http://signer:" + port + "/app/secure/x");
        Reply bobPublic = curl("-u", "bob:bob-pw", "http://signer:" + port + "/app/public/x");

        assertEquals(200, alice.status());
        assertEquals("alice", alice.principal());
        assertTrue(alice.inRole("staff"));
        assertEquals("[ops, staff]", alice.get("groups"), "the groups claim");
        assertEquals(403, bob.status(), "bob has no groups");
        assertEquals("bob", bobPublic.principal());
        assertFalse(bobPublic.inRole("staff"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"8301", "8302"})
    void whatTheClientAddsThroughTheProxyCannotChangeTheUser(String port) throws Exception {
        String stolen = token(KEY, "alice", 300);
        Reply replaced = curl("-u", "bob:bob-pw", "-H", HEADER + ": " + stolen,
                "http://signer:" + port + "/app/public/x");
        Reply disagreeing = curl("-u", "bob:bob-pw", "-H", "Remote-User: alice",
                "http://signer:" + port + "/app/public/x");

        assertEquals("bob", replaced.principal(), "the proxy replaces the client's token with its own");
        assertEquals(400, disagreeing.status(), "a plain header that disagrees with the token");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"8301", "8302"})
    void aValidTokenWithoutThePinnedCertificateIsNotEnough(String port) throws Exception {
        String valid = token(KEY, "alice", 300);

        assertEquals("alice", direct(port, "proxy", "/app/public/x", HEADER + ": " + valid).principal(),
                "both proofs: admitted");
        Reply stranger = direct(port, "stranger", "/app/public/x", HEADER + ": " + valid);
        assertEquals("none", stranger.principal(), "a certificate the connector accepts, but not the pinned name");
        Reply plainHttp = curl("-H", HEADER + ": " + valid, "http://" + SERVERS.get(port) + ":8080/app/public/x");
        assertEquals("none", plainHttp.principal(), "no certificate at all");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"8301", "8302"})
    void thePinnedCertificateWithoutAValidTokenIsNotEnough(String port) throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> expired = new LinkedHashMap<>(TestTokens.claims(ISSUER, AUDIENCE, "alice", 300));
        expired.put("exp", now - 3600);

        assertEquals(401, direct(port, "proxy", "/app/public/x", HEADER + ": "
                + token(TestTokens.ec("k1"), "alice", 300)).status(), "signed by another key with our kid");
        assertEquals(401, direct(port, "proxy", "/app/public/x", HEADER + ": " + KEY.sign(expired)).status());
        assertEquals(401, direct(port, "proxy", "/app/public/x", HEADER + ": " + TestTokens.encode(
                Map.<String, Object>of("alg", "none")) + "." + TestTokens.encode(Map.<String, Object>of("sub", "alice")) + ".").status());
        Reply plain = direct(port, "proxy", "/app/public/x", "Remote-User: alice");
        assertEquals("none", plain.principal(), "the plain header alone is never enough");
        assertEquals("null/0", plain.get("header.Remote-User"));
    }

    /**
     * The key server goes down (after every other test): tokens signed with a key the servers already hold are still
     * admitted, a token naming a key they never saw is 503 (the key cannot be fetched), a forgery stays 401; the key
     * server comes back with a second key and, once the servers may fetch again (at most every 15 s), that key works.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aKeyServerOutageFailsClosedForUnknownKeysAndRecovers() throws Exception {
        String known = token(KEY, "alice", 300);
        for (String port : SERVERS.keySet()) {
            assertEquals("alice", direct(port, "proxy", "/app/public/x", HEADER + ": " + known).principal());
        }

        keyServer.stop();
        Thread.sleep(16_000); // past the unknown-key refetch limit, so the servers do try the key server
        for (String port : SERVERS.keySet()) {
            Reply stillKnown = direct(port, "proxy", "/app/public/x", HEADER + ": " + known);
            Reply unknownKey = direct(port, "proxy", "/app/public/x", HEADER + ": " + token(SECOND_KEY, "alice", 300));
            Reply forged = direct(port, "proxy", "/app/public/x", HEADER + ": "
                    + token(TestTokens.ec("k1"), "alice", 300));
            Reply viaProxy = curl("-u", "bob:bob-pw", "http://signer:" + port + "/app/public/x");

            assertEquals("alice", stillKnown.principal(), port + ": known key during the outage");
            assertEquals(503, unknownKey.status(), port + ": " + unknownKey.body());
            assertTrue(unknownKey.report().isEmpty(), "the webapp never runs");
            assertEquals(401, forged.status(), port);
            assertEquals("bob", viaProxy.principal(), port + ": the proxy's own tokens keep working");
        }

        Files.writeString(jwksFile, TestTokens.jwks(KEY, SECOND_KEY));
        keyServer.start();
        Thread.sleep(16_000);
        for (String port : SERVERS.keySet()) {
            Reply recovered = direct(port, "proxy", "/app/public/x", HEADER + ": " + token(SECOND_KEY, "carol", 300));
            assertEquals(200, recovered.status(), port + ": " + recovered.body());
            assertEquals("carol", recovered.principal());
        }
    }
}
