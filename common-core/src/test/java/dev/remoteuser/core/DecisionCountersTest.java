package dev.remoteuser.core;

import dev.remoteuser.core.decision.Reason;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionCountersTest {

    @Test
    void countsEachOutcomeAndEachRefusalReason() {
        RemoteUserPolicy policy = policy("logoutPath", "/logout", "diagnosticsPath", "/.remote-user");
        DecisionCounters counters = new DecisionCounters();

        counters.record(policy.decide(FakeRequest.fromProxy().header("Remote-User", "alice")));
        counters.record(policy.decide(FakeRequest.fromProxy().header("Remote-User", "bob")));
        counters.record(policy.decide(FakeRequest.fromProxy()));
        counters.record(policy.decide(FakeRequest.fromProxy().path("/logout")));
        counters.record(policy.decide(FakeRequest.fromProxy().header("Remote-User", "a").header("Remote-User", "b")));
        counters.record(policy.decide(FakeRequest.fromProxy().header("Remote-User", "(null)")));
        counters.record(policy.decide(FakeRequest.fromProxy().path("/.remote-user").header("Remote-User", "alice")));

        Map<String, Long> snapshot = counters.snapshot();
        assertEquals(2L, snapshot.get("authenticated"));
        assertEquals(1L, snapshot.get("notAttempted"));
        assertEquals(1L, snapshot.get("loggedOut"));
        assertEquals(1L, snapshot.get("diagnosed"), "the report is counted as what it is, not skipped");
        assertEquals(1L, snapshot.get("DUPLICATE_HEADER"));
        assertEquals(1L, counters.rejected(Reason.PLACEHOLDER));
        assertEquals(0L, counters.rejected(Reason.UNTRUSTED_PEER));
        assertEquals(4 + Reason.values().length, snapshot.size());
    }
}
