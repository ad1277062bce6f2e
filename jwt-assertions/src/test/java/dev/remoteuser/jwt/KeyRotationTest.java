package dev.remoteuser.jwt;

import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.assertion.AssertionVerifier.AssertionException;
import dev.remoteuser.core.assertion.AssertionVerifier;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.request.RequestView;
import dev.remoteuser.testsupport.fixture.TestTokens.SigningKey;
import dev.remoteuser.testsupport.fixture.TestTokens;

import static dev.remoteuser.jwt.JwtAssertionVerifierTest.AUDIENCE;
import static dev.remoteuser.jwt.JwtAssertionVerifierTest.GENERIC;
import static dev.remoteuser.jwt.JwtAssertionVerifierTest.ISSUER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Keys fetched from a JWKS endpoint: rotation, the refetch rate limit, and an endpoint that goes down. */
class KeyRotationTest {

    private static final SigningKey K1 = TestTokens.ec("k1");
    private static final SigningKey K2 = TestTokens.ec("k2");
    private static final SigningKey K3 = TestTokens.ec("k3");

    /** A JWKS endpoint stand-in: its document, whether it is up, how often it was asked, and a clock we move. */
    private final AtomicReference<String> document = new AtomicReference<>(TestTokens.jwks(K1));
    private final AtomicReference<Boolean> up = new AtomicReference<>(true);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AssertionVerifier verifier = new JwtAssertionVerifier(GENERIC, new JwksKeySource(
            URI.create("https://keys.example/jwks"), uri -> {
                fetches.incrementAndGet();
                if (!up.get()) {
                    throw new IOException("connection refused");
                }
                return document.get();
            }, nanos::get, Duration.ofMinutes(5), Duration.ofSeconds(15)));

    private static String token(SigningKey key) {
        return key.sign(TestTokens.claims(ISSUER, AUDIENCE, "alice", 300));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private AssertionException refused(SigningKey key) {
        return assertThrows(AssertionException.class, () -> verifier.verify(token(key)));
    }

    @Test
    void aNewKeyIdIsFetchedAtOnceButForgedIdsCannotFloodTheEndpoint() throws Exception {
        assertEquals("alice", verifier.verify(token(K1)).user());
        assertEquals(1, fetches.get(), "fetched on first use");
        assertEquals("alice", verifier.verify(token(K1)).user());
        assertEquals(1, fetches.get(), "then cached");

        advance(Duration.ofSeconds(20));
        document.set(TestTokens.jwks(K1, K2));
        assertEquals("alice", verifier.verify(token(K2)).user(), "the proxy rotated to k2");
        assertEquals(2, fetches.get());

        for (int i = 0; i < 50; i++) {
            assertFalse(refused(K3).keysUnavailable(), "an unknown key id with the endpoint up is a bad token");
        }
        assertEquals(2, fetches.get(), "unknown key ids refetch at most once per 15 s");
        advance(Duration.ofSeconds(16));
        refused(K3);
        assertEquals(3, fetches.get());
    }

    @Test
    void aKeyTheProxyRemovedStopsWorkingAtTheNextRefresh() throws Exception {
        assertEquals("alice", verifier.verify(token(K1)).user());
        document.set(TestTokens.jwks(K2));
        advance(Duration.ofMinutes(4));
        assertEquals("alice", verifier.verify(token(K1)).user(), "still within the refresh interval");
        advance(Duration.ofMinutes(2));
        refused(K1);
        assertEquals("alice", verifier.verify(token(K2)).user());
    }

    @Test
    void anOutageKeepsKnownKeysAndFailsClosedForUnknownOnes() throws Exception {
        assertEquals("alice", verifier.verify(token(K1)).user());
        up.set(false);
        advance(Duration.ofMinutes(10));

        assertEquals("alice", verifier.verify(token(K1)).user(), "known keys outlive an outage");
        advance(Duration.ofSeconds(20));
        assertTrue(refused(K2).keysUnavailable(), "a new key cannot be checked: 503, not admitted");

        up.set(true);
        document.set(TestTokens.jwks(K1, K2));
        advance(Duration.ofSeconds(20));
        assertEquals("alice", verifier.verify(token(K2)).user(), "recovers when the endpoint returns");
    }

    @Test
    void anEndpointDownFromTheStartRefusesEverythingAsUnavailable() {
        up.set(false);
        assertTrue(refused(K1).keysUnavailable());
        assertEquals(1, fetches.get());
        assertTrue(refused(K1).keysUnavailable());
        assertEquals(1, fetches.get(), "rate-limited while down");
    }

    @Test
    void throughThePolicyOverRealHttpWithTheServiceLoadedVerifier() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> served = new AtomicReference<>(TestTokens.jwks(K1));
        server.createContext("/jwks", exchange -> {
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body.length == 0 ? 500 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            Map<String, String> options = Map.of("trustedProxies", "any", "assertionHeader", "X-Token",
                    "issuer", ISSUER, "audience", AUDIENCE, "jwksUrl", "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
            RemoteUserPolicy policy = new RemoteUserPolicy(RemoteUserConfig.fromOptions(options));

            Decision ok = policy.decide(new TokenRequest(token(K1)));
            assertEquals("alice", assertInstanceOf(Decision.Authenticated.class, ok).identity().name());
            assertEquals(Reason.INVALID_ASSERTION, assertInstanceOf(Decision.Rejected.class,
                    policy.decide(new TokenRequest(JwtAssertionVerifierTest.ATTACKER.sign(
                            TestTokens.claims(ISSUER, AUDIENCE, "alice", 300))))).reason());

            served.set("");
            RemoteUserPolicy startedDuringOutage = new RemoteUserPolicy(RemoteUserConfig.fromOptions(options));
            assertEquals(Reason.ASSERTION_KEYS_UNAVAILABLE, assertInstanceOf(Decision.Rejected.class,
                    startedDuringOutage.decide(new TokenRequest(token(K1)))).reason(), "the endpoint answers 500");
            assertEquals("alice", assertInstanceOf(Decision.Authenticated.class,
                    policy.decide(new TokenRequest(token(K1)))).identity().name(), "known keys still work");
        } finally {
            server.stop(0);
        }
    }

    /** A request from 192.0.2.1 ({@code trustedProxies=any}: the token is the proof) carrying one token. */
    private record TokenRequest(String token) implements RequestView {
        @Override
        public String peerAddress() {
            return "192.0.2.1";
        }

        @Override
        public List<String> headerValues(String name) {
            return "X-Token".equalsIgnoreCase(name) ? List.of(token) : List.of();
        }

        @Override
        public int headerCount() {
            return 1;
        }

        @Override
        public CharSequence headerName(int index) {
            return "X-Token";
        }

        @Override
        public String headerValue(int index) {
            return token;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public List<X509Certificate> clientCertificates() {
            return List.of();
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public boolean hasSession() {
            return false;
        }

        @Override
        public Object sessionValue() {
            return null;
        }
    }
}
