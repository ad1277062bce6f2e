package dev.remoteuser.core;

import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.session.SessionSeal;

import static dev.remoteuser.core.Policies.config;
import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionCountersTest {

    private static final String[] OPTIONS = {"groupsHeader", "Remote-Groups", "logoutPath", "/logout"};

    @Test
    void countsEachOutcomeAndEachRefusalReason() {
        RemoteUserPolicy policy = policy("logoutPath", "/logout", "diagnosticsPath", "/.remote-user");
        DecisionCounters counters = new DecisionCounters(List.of("Remote-User"));

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
        assertEquals(2L, snapshot.get("rejected"));
        assertEquals(1L, snapshot.get("DUPLICATE_HEADER"));
        assertEquals(1L, counters.rejected(Reason.PLACEHOLDER));
        assertEquals(0L, counters.rejected(Reason.UNTRUSTED_PEER));
        assertEquals(0L, snapshot.get("strippedUntrusted"));
        assertEquals(5 + Reason.values().length + 2 + 2 + 2, snapshot.size());
    }

    /** Every counter of a configuration exists from the start, so a scraper sees each series before it moves. */
    @Test
    void everyCounterIsThereAtZeroBeforeTheFirstRequest() {
        DecisionCounters counters = new DecisionCounters(config(OPTIONS).identityHeaders());

        Map<String, Long> snapshot = counters.snapshot();

        for (String name : List.of("strippedUntrusted.Remote-User", "strippedUntrusted.Remote-Groups",
                "strippedLookalike.Remote-User", "strippedLookalike.Remote-Groups", "UNTRUSTED_PEER", "rejected",
                "sessionOtherKey", "sessionNotSealed")) {
            assertEquals(0L, snapshot.get(name), name);
        }
    }

    static Stream<Arguments> forgeries() {
        return Stream.of(
            Arguments.of("strip mode, untrusted peer, user header", "strip",
                FakeRequest.from("10.9.9.9").header("Remote-User", "admin"),
                Map.of("notAttempted", 1L, "strippedUntrusted", 1L, "strippedUntrusted.Remote-User", 1L)),
            Arguments.of("strip mode, untrusted peer, user and groups headers", "strip",
                FakeRequest.from("10.9.9.9").header("Remote-User", "admin").header("Remote-Groups", "admins"),
                Map.of("notAttempted", 1L, "strippedUntrusted", 1L, "strippedUntrusted.Remote-User", 1L,
                    "strippedUntrusted.Remote-Groups", 1L)),
            Arguments.of("strip mode, untrusted peer, logout path", "strip",
                FakeRequest.from("10.9.9.9").path("/logout").header("Remote-User", "admin"),
                Map.of("loggedOut", 1L, "strippedUntrusted", 1L, "strippedUntrusted.Remote-User", 1L)),
            Arguments.of("strip mode, untrusted peer, lookalike only", "strip",
                FakeRequest.from("10.9.9.9").header("Remote_User", "admin"),
                Map.of("notAttempted", 1L, "strippedLookalike", 1L, "strippedLookalike.Remote-User", 1L)),
            Arguments.of("trusted proxy, lookalike agreeing with the real header", "strip",
                FakeRequest.fromProxy().header("Remote-User", "alice").header("Remote_User", "alice"),
                Map.of("authenticated", 1L, "strippedLookalike", 1L, "strippedLookalike.Remote-User", 1L)),
            Arguments.of("trusted proxy, groups lookalike", "strip",
                FakeRequest.fromProxy().header("Remote-User", "alice").header("Remote.Groups", "admins"),
                Map.of("authenticated", 1L, "strippedLookalike", 1L, "strippedLookalike.Remote-Groups", 1L)),
            Arguments.of("reject mode: the refusal is what counts", "reject",
                FakeRequest.from("10.9.9.9").header("Remote-User", "admin"),
                Map.of("rejected", 1L, "UNTRUSTED_PEER", 1L)),
            Arguments.of("untrusted peer without identity headers: nothing forged", "strip",
                FakeRequest.from("10.9.9.9"),
                Map.of("notAttempted", 1L)),
            Arguments.of("trusted proxy, plain login: nothing forged", "strip",
                FakeRequest.fromProxy().header("Remote-User", "alice").header("Remote-Groups", "staff"),
                Map.of("authenticated", 1L)),
            Arguments.of("a session sealed by a node with another key, header login", "strip",
                FakeRequest.fromProxy().header("Remote-User", "alice")
                    .withSessionValue(new SessionSeal(Optional.empty()).seal(Policies.identity("alice"))),
                Map.of("authenticated", 1L, "sessionOtherKey", 1L)),
            Arguments.of("a session identity the webapp planted", "strip",
                FakeRequest.fromProxy().header("Remote-User", "alice").withSessionValue("admin"),
                Map.of("authenticated", 1L, "sessionNotSealed", 1L)),
            Arguments.of("a session another login made: nothing ignored", "strip",
                FakeRequest.fromProxy().header("Remote-User", "alice").withSession(),
                Map.of("authenticated", 1L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void strippedForgeriesAreCountedPerHeaderAndNothingElseMoves(String name, String untrustedHeaders,
            FakeRequest request, Map<String, Long> moved) {
        RemoteUserConfig config = config("groupsHeader", "Remote-Groups", "logoutPath", "/logout",
                "untrustedHeaders", untrustedHeaders);
        DecisionCounters counters = new DecisionCounters(config.identityHeaders());

        counters.record(new RemoteUserPolicy(config).decide(request));

        Map<String, Long> nonZero = new LinkedHashMap<>();
        counters.snapshot().forEach((counter, value) -> {
            if (value != 0) {
                nonZero.put(counter, value);
            }
        });
        assertEquals(moved, nonZero);
    }
}
