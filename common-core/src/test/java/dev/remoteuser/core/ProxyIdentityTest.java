package dev.remoteuser.core;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.SessionPlan;
import dev.remoteuser.core.decision.Stripped;
import dev.remoteuser.testsupport.fixture.TestPki;

import static dev.remoteuser.core.Policies.config;
import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Trust beyond the IP address: a pinned proxy client certificate and a shared-secret header. */
class ProxyIdentityTest {

    private static final String SECRET = "s3cret-0123456789abcdef";

    @TempDir
    static Path dir;
    private static X509Certificate proxy;
    private static X509Certificate stranger;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki pki = TestPki.create(dir);
        proxy = pki.certificate("proxy");
        stranger = pki.certificate("stranger");
    }

    private static boolean authenticated(Decision decision) {
        return decision instanceof Decision.Authenticated;
    }

    @ParameterizedTest(name = "pinned {0}")
    @ValueSource(strings = {"dns:proxy.test", "uri:spiffe://test/proxy", "dn:CN=proxy,O=Test",
        "dns:other.test;dns:proxy.test"})
    void thePinnedCertificateAloneIsTheTrust(String pinned) {
        RemoteUserPolicy policy = policy("trustedProxyCertificates", pinned, "trustedProxies", "any");

        assertTrue(authenticated(policy.decide(FakeRequest.from("203.0.113.9").clientCertificate(proxy)
                .header("Remote-User", "alice"))), "any address, the right certificate");
        assertFalse(authenticated(policy.decide(FakeRequest.from("203.0.113.9").clientCertificate(stranger)
                .header("Remote-User", "alice"))), "a verified certificate with another name");
        assertFalse(authenticated(policy.decide(FakeRequest.fromProxy().header("Remote-User", "alice"))),
                "loopback without a certificate");
    }

    /**
     * One rule whether {@code trustedProxies} is written or left at its default: beside a certificate pin the peer
     * address is still checked (the jetty-base ini writes the default, Tomcat's server.xml usually does not), and only
     * {@code any} turns the check off.
     */
    @org.junit.jupiter.api.Test
    void thePeerAddressIsCheckedBesideACertificateWhetherTrustedProxiesIsWrittenOrNot() {
        RemoteUserPolicy leftAtDefault = policy("trustedProxyCertificates", "dns:proxy.test");
        RemoteUserPolicy written = policy("trustedProxyCertificates", "dns:proxy.test", "trustedProxies",
                Option.TRUSTED_PROXIES.defaultValue().orElseThrow());

        for (RemoteUserPolicy policy : new RemoteUserPolicy[] {leftAtDefault, written}) {
            assertTrue(authenticated(policy.decide(FakeRequest.fromProxy().clientCertificate(proxy)
                    .header("Remote-User", "alice"))), "loopback with the certificate");
            assertFalse(authenticated(policy.decide(FakeRequest.from("203.0.113.9").clientCertificate(proxy)
                    .header("Remote-User", "alice"))), "another address, even with the certificate");
        }
    }

    @org.junit.jupiter.api.Test
    void anyAddressWithoutAnotherProofFailsStartup() {
        InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidConfigurationException.class, () -> policy("trustedProxies", "any"));

        assertTrue(e.getMessage().contains("trustedProxies: 'any' turns the peer address check off"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigurationException.class,
                () -> policy("trustedProxies", "any", "proxySecretHeader", "X-Proxy-Secret", "proxySecret",
                        "s3cret-0123456789abcdef"), "a shared secret alone does not stand for the address");
    }

    @ParameterizedTest(name = "not matching {0}")
    @ValueSource(strings = {"dns:PROXY.test", "dns:proxy.test.", "dns:proxy", "dn:CN=proxy", "dn:cn=proxy,o=Test",
        "uri:spiffe://test/proxy/", "email:proxy.test"})
    void namesAreComparedExactly(String pinned) {
        Decision decision = policy("trustedProxyCertificates", pinned)
                .decide(FakeRequest.from("203.0.113.9").clientCertificate(proxy).header("Remote-User", "alice"));

        assertFalse(authenticated(decision));
    }

    @Test
    void withExplicitTrustedProxiesBothMustMatch() {
        RemoteUserPolicy policy = policy("trustedProxyCertificates", "dns:proxy.test", "trustedProxies", "10.0.0.5");

        assertTrue(authenticated(policy.decide(FakeRequest.from("10.0.0.5").clientCertificate(proxy)
                .header("Remote-User", "alice"))));
        assertFalse(authenticated(policy.decide(FakeRequest.from("10.0.0.6").clientCertificate(proxy)
                .header("Remote-User", "alice"))));
        assertFalse(authenticated(policy.decide(FakeRequest.from("10.0.0.5").header("Remote-User", "alice"))));
    }

    @Test
    void theRightSecretFromATrustedPeerIsNeededAndAlwaysRemoved() {
        RemoteUserPolicy policy = policy("proxySecretHeader", "X-Proxy-Secret", "proxySecret", SECRET);

        Decision good = policy.decide(FakeRequest.fromProxy().header("X-Proxy-Secret", SECRET)
                .header("Remote-User", "alice"));
        Decision wrong = policy.decide(FakeRequest.fromProxy().header("X-Proxy-Secret", SECRET + "x")
                .header("Remote-User", "alice"));
        Decision missing = policy.decide(FakeRequest.fromProxy().header("Remote-User", "alice"));
        Decision twice = policy.decide(FakeRequest.fromProxy().header("X-Proxy-Secret", SECRET)
                .header("X-Proxy-Secret", SECRET).header("Remote-User", "alice"));
        Decision elsewhere = policy.decide(FakeRequest.from("10.9.9.9").header("X-Proxy-Secret", SECRET)
                .header("Remote-User", "alice"));

        assertTrue(authenticated(good));
        assertEquals(Set.of("X-Proxy-Secret"), good.headersToRemove(), "the webapp never sees the secret");
        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of("X-Proxy-Secret", "Remote-User"),
                new Stripped(Set.of("X-Proxy-Secret", "Remote-User"), Map.of())), wrong,
                "a wrong secret makes the proxy untrusted: its headers count as forged");
        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of("Remote-User"),
                new Stripped(Set.of("Remote-User"), Map.of())), missing);
        assertFalse(authenticated(twice));
        assertFalse(authenticated(elsewhere), "the secret does not replace the address check");
    }

    @Test
    void lookalikesOfTheSecretHeaderAreRemovedToo() {
        Decision decision = policy("proxySecretHeader", "X-Proxy-Secret", "proxySecret", SECRET)
                .decide(FakeRequest.fromProxy().header("X-Proxy-Secret", SECRET).header("X_Proxy_Secret", "guess")
                        .header("Remote-User", "alice"));

        assertEquals(Reason.LOOKALIKE_CONFLICT, ((Decision.Rejected) decision).reason());
        assertTrue(decision.headersToRemove().containsAll(Set.of("X-Proxy-Secret", "X_Proxy_Secret")));
    }

    @Test
    void theSecretCanComeFromAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), SECRET + "\n");
        RemoteUserPolicy policy = policy("proxySecretHeader", "X-Proxy-Secret", "proxySecretFile", file.toString());

        assertInstanceOf(Decision.Authenticated.class, policy.decide(FakeRequest.fromProxy()
                .header("X-Proxy-Secret", SECRET).header("Remote-User", "alice")));
    }

    @Test
    void secretMistakesFailStartupWithoutShowingTheSecret() {
        InvalidConfigurationException tooShort = assertThrows(InvalidConfigurationException.class,
                () -> config("proxySecretHeader", "X-Proxy-Secret", "proxySecret", "short-secret"));
        InvalidConfigurationException both = assertThrows(InvalidConfigurationException.class,
                () -> config("proxySecretHeader", "X-Proxy-Secret", "proxySecret", SECRET, "proxySecretFile", "/x"));

        assertTrue(tooShort.getMessage().contains("at least 16 printable characters"), tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains("short-secret"));
        assertFalse(both.getMessage().contains(SECRET));
        assertThrows(InvalidConfigurationException.class, () -> config("proxySecretHeader", "X-Proxy-Secret"));
        assertThrows(InvalidConfigurationException.class, () -> config("proxySecret", SECRET));
        assertThrows(InvalidConfigurationException.class, () -> config("proxySecretHeader", "X-Proxy-Secret",
                "proxySecretFile", dir.resolve("missing").toString()));
        assertThrows(InvalidConfigurationException.class, () -> config("trustedProxyCertificates", "proxy.test"));
        assertFalse(config("proxySecretHeader", "X-Proxy-Secret", "proxySecret", SECRET).toString()
                .contains(SECRET));
    }
}
