package dev.remoteuser.core;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.decision.Decision;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator's diagnostics report: what it says, and what it never shows. */
class DiagnosticsTest {

    private static final String PATH = "/app/.remote-user";
    private static final String SECRET = "s3cret-0123456789abcdef";

    private static String report(RemoteUserPolicy policy, FakeRequest request) {
        Decision.Diagnosed diagnosed = assertInstanceOf(Decision.Diagnosed.class, policy.decide(request.path(PATH)));
        assertTrue(diagnosed.json().chars().allMatch(c -> c >= 0x20 && c <= 0x7e), "ASCII only");
        return diagnosed.json();
    }

    @Test
    void offByDefault() {
        assertInstanceOf(Decision.Authenticated.class, policy().decide(FakeRequest.fromProxy().path(PATH)
                .header("Remote-User", "alice")));
    }

    @Test
    void aTrustedLoginShowsUserRolesGroupsAndValues() {
        String json = report(policy("diagnosticsPath", PATH, "groupsHeader", "Remote-Groups", "roleMapping",
                "ops=operator"), FakeRequest.fromProxy().header("Remote-User", "alice")
                .header("Remote-Groups", "ops"));

        assertTrue(json.contains("\"peer\":\"127.0.0.1\",\"trustedPeer\":true"), json);
        assertTrue(json.contains("\"mode\":\"per-request\""), json);
        assertTrue(json.contains("\"trust\":\"every configured proof holds\",\"mode\":\"per-request\","
                + "\"identitySource\":\"header\",\"identityHeaders\""), "the same field order in every JVM: " + json);
        assertTrue(json.contains("\"identityHeaders\":{\"Remote-User\":\"alice\",\"Remote-Groups\":\"ops\"}"), json);
        assertTrue(json.contains("\"decision\":\"authenticated\",\"source\":\"header\",\"user\":\"alice\","
                + "\"roles\":[\"operator\"],\"groups\":[\"ops\"]"), json);
    }

    @Test
    void anUntrustedPeerLearnsWhyButNotTheValuesAndTheHeadersAreRemoved() {
        FakeRequest request = FakeRequest.from("192.0.2.9").header("Remote-User", "admin")
                .header("Remote_User", "admin");
        Decision.Diagnosed diagnosed = assertInstanceOf(Decision.Diagnosed.class,
                policy("diagnosticsPath", PATH).decide(request.path(PATH)));

        String json = diagnosed.json();
        assertTrue(json.contains("\"trustedPeer\":false,\"trust\":\"the peer address is not in trustedProxies\""),
                json);
        assertTrue(json.contains("\"Remote-User\":\"(not shown: untrusted peer)\""), json);
        assertTrue(json.contains("\"lookalikeHeaders\":[\"Remote_User\"]"), json);
        assertTrue(json.contains("\"decision\":\"not-attempted\""), json);
        assertFalse(json.contains("admin"), json);
        assertEquals(Set.of("Remote-User", "Remote_User"), diagnosed.headersToRemove());
    }

    @Test
    void aRefusalGivesItsReasonCodeAndStatus() {
        String json = report(policy("diagnosticsPath", PATH), FakeRequest.fromProxy()
                .header("Remote-User", "alice").header("Remote-User", "bob"));

        assertTrue(json.contains("\"Remote-User\":\"(2 values)\""), json);
        assertTrue(json.contains("\"decision\":\"rejected\",\"reason\":\"DUPLICATE_HEADER\",\"status\":400"), json);
    }

    @Test
    void secretsAreNeverShownAndValuesAreEscaped() {
        String json = report(policy("diagnosticsPath", PATH, "proxySecretHeader", "X-Proxy-Secret", "proxySecret",
                SECRET), FakeRequest.fromProxy().header("X-Proxy-Secret", SECRET)
                .header("Remote-User", "al\u00efce\u0000"));

        assertFalse(json.contains(SECRET), json);
        assertTrue(json.contains("\"X-Proxy-Secret\":\"(not shown: 23 characters)\""), json);
        assertTrue(json.contains("\"reason\":\"INVALID_CHARACTER\""), json);
        assertFalse(json.contains("\u00ef"), json);
    }

    @Test
    void aMissingCertificateOrSecretIsNamed() {
        assertTrue(report(policy("diagnosticsPath", PATH, "trustedProxyCertificates", "dns:proxy.test"),
                FakeRequest.fromProxy()).contains("no verified client certificate"));
        assertTrue(report(policy("diagnosticsPath", PATH, "proxySecretHeader", "X-Proxy-Secret", "proxySecret",
                SECRET), FakeRequest.fromProxy().header("X-Proxy-Secret", "wrong-wrong-wrong-wrong"))
                .contains("the proxy secret header is missing, repeated or wrong"));
    }

    @Test
    void theDiagnosticsPathMustBeAPathOfItsOwn() {
        assertThrows(InvalidConfigurationException.class, () -> policy("diagnosticsPath", PATH, "logoutPath", PATH));
        assertThrows(InvalidConfigurationException.class, () -> policy("diagnosticsPath", "diag"));
    }
}
