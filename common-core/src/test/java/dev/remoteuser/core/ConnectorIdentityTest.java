package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.SessionPlan;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code identitySource=connector}: the name comes from the AJP connector, the rules stay the same. */
class ConnectorIdentityTest {

    private static final String[] CONNECTOR = {"identitySource", "connector", "groupsHeader", "Remote-Groups",
        "stripRealm", "EXAMPLE.COM", "trustedProxies", "10.0.0.7"};

    @Test
    void connectorNameIsNormalisedAndGetsGroupsFromATrustedPeer() {
        Decision decision = policy(CONNECTOR).decide(FakeRequest.from("10.0.0.7")
                .connectorUser("alice@EXAMPLE.COM").header("Remote-Groups", "staff"));

        Identity identity = assertInstanceOf(Decision.Authenticated.class, decision).identity();
        assertEquals("alice", identity.name());
        assertEquals(Set.of("staff"), identity.roles());
    }

    @Test
    void connectorNameFromAnUntrustedPeerIsKeptButItsHeadersAreStripped() {
        Decision decision = policy(CONNECTOR).decide(FakeRequest.from("10.9.9.9")
                .connectorUser("alice").header("Remote-Groups", "admins"));

        Decision.Authenticated authenticated = assertInstanceOf(Decision.Authenticated.class, decision);
        assertEquals(Set.of(), authenticated.identity().roles());
        assertEquals(Set.of("Remote-Groups"), authenticated.headersToRemove());
    }

    @Test
    void theUserHeaderIsNeverReadAndAlwaysRemovedInConnectorMode() {
        Decision decision = policy(CONNECTOR).decide(FakeRequest.from("10.0.0.7").header("Remote-User", "admin"));

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of("Remote-User")), decision);
    }

    @Test
    void connectorValuesFollowTheSameGrammarAndRealmRules() {
        RemoteUserPolicy policy = policy(CONNECTOR);

        assertEquals(Reason.FOREIGN_REALM, ((Decision.Rejected) policy.decide(FakeRequest.from("10.0.0.7")
                .connectorUser("alice@EVIL.COM"))).reason());
        assertEquals(Reason.PLACEHOLDER, ((Decision.Rejected) policy.decide(FakeRequest.from("10.0.0.7")
                .connectorUser("(null)"))).reason());
    }

    @Test
    void headerModeIgnoresTheConnectorName() {
        Decision decision = policy().decide(FakeRequest.fromProxy().connectorUser("alice"));

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of()), decision);
    }
}
