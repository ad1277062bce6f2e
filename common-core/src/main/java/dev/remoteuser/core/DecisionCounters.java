package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Stripped;
import dev.remoteuser.core.decision.UnverifiedSession;

import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts decisions per outcome and per refusal reason, the forged headers stripped from requests that went on (per
 * identity header) and the session identity values ignored (per reason), for the adapters' JMX beans. Every counter
 * exists from the start, at 0, so a scraper sees each series before its first increment. Thread-safe and cheap on the
 * request path.
 */
public final class DecisionCounters {

    /** Name (and prefix of the per-header names) of the counters of identity headers from untrusted peers. */
    private static final String STRIPPED_UNTRUSTED = "strippedUntrusted";
    /** Name (and prefix of the per-header names) of the counters of lookalikes, by the header they imitate. */
    private static final String STRIPPED_LOOKALIKE = "strippedLookalike";
    private static final String SESSION_OTHER_KEY = "sessionOtherKey";
    private static final String SESSION_NOT_SEALED = "sessionNotSealed";

    private final LongAdder authenticated = new LongAdder();
    private final LongAdder notAttempted = new LongAdder();
    private final LongAdder loggedOut = new LongAdder();
    private final LongAdder diagnosed = new LongAdder();
    private final Map<Reason, LongAdder> rejected = new EnumMap<>(Reason.class);
    /** Counts each kind; a kind added to {@link Decision} must be counted here before this compiles. */
    private final Decision.Visitor<LongAdder> counterOf = new Decision.Visitor<>() {
        @Override
        public LongAdder authenticated(Decision.Authenticated decision) {
            return authenticated;
        }

        @Override
        public LongAdder notAttempted(Decision.NotAttempted decision) {
            return notAttempted;
        }

        @Override
        public LongAdder rejected(Decision.Rejected decision) {
            return rejected.get(decision.reason());
        }

        @Override
        public LongAdder loggedOut(Decision.LoggedOut decision) {
            return loggedOut;
        }

        @Override
        public LongAdder diagnosed(Decision.Diagnosed decision) {
            return diagnosed;
        }
    };

    private final Map<UnverifiedSession, LongAdder> ignoredSessions = new EnumMap<>(UnverifiedSession.class);
    private final LongAdder strippedUntrusted = new LongAdder();
    private final LongAdder strippedLookalike = new LongAdder();
    private final Map<String, LongAdder> strippedUntrustedByHeader = new LinkedHashMap<>();
    private final Map<String, LongAdder> strippedLookalikeByHeader = new LinkedHashMap<>();

    /**
     * Counters for a configuration with these identity headers ({@link RemoteUserConfig#identityHeaders()}), each of
     * which gets its two stripped-header counters.
     */
    public DecisionCounters(Collection<String> identityHeaders) {
        for (Reason reason : Reason.values()) {
            rejected.put(reason, new LongAdder());
        }
        ignoredSessions.put(UnverifiedSession.OTHER_KEY, new LongAdder());
        ignoredSessions.put(UnverifiedSession.NOT_SEALED, new LongAdder());
        for (String header : identityHeaders) {
            strippedUntrustedByHeader.put(header, new LongAdder());
            strippedLookalikeByHeader.put(header, new LongAdder());
        }
    }

    /** Counts one decision, and what it stripped. */
    public void record(Decision decision) {
        decision.accept(counterOf).increment();
        Stripped stripped = decision.stripped();
        if (stripped.any()) {
            countStripped(stripped);
        }
    }

    private void countStripped(Stripped stripped) {
        if (stripped.session() != UnverifiedSession.NONE) {
            ignoredSessions.get(stripped.session()).increment();
        }
        if (!stripped.fromUntrustedPeer().isEmpty()) {
            strippedUntrusted.increment();
            for (String header : stripped.fromUntrustedPeer()) {
                increment(strippedUntrustedByHeader, header);
            }
        }
        if (!stripped.lookalikes().isEmpty()) {
            strippedLookalike.increment();
            for (String header : stripped.lookalikes().values()) {
                increment(strippedLookalikeByHeader, header);
            }
        }
    }

    /** The map is fixed at construction (read concurrently, never written); a header outside it is not counted. */
    private static void increment(Map<String, LongAdder> byHeader, String header) {
        LongAdder counter = byHeader.get(header);
        if (counter != null) {
            counter.increment();
        }
    }

    /** Requests authenticated by us (from the header or a persistent session). */
    public long authenticated() {
        return authenticated.sum();
    }

    /** Requests left to the container's own login. */
    public long notAttempted() {
        return notAttempted.sum();
    }

    /** Requests to the logout path. */
    public long loggedOut() {
        return loggedOut.sum();
    }

    /** Requests for the diagnostics report. */
    public long diagnosed() {
        return diagnosed.sum();
    }

    /** Requests refused for this reason. */
    public long rejected(Reason reason) {
        return rejected.get(reason).sum();
    }

    /**
     * Every counter by name, always the same names in the same order for one configuration: {@code authenticated},
     * {@code notAttempted}, {@code loggedOut}, {@code diagnosed} (requests for the report), {@code rejected} (all
     * refusals), each reason code ({@code UNTRUSTED_PEER} ...), {@code strippedUntrusted} and {@code
     * strippedLookalike} (requests that went on with forged headers removed), {@code sessionOtherKey} and {@code
     * sessionNotSealed} (requests whose session identity value was ignored, {@link UnverifiedSession}), then {@code
     * strippedUntrusted.<header>} and {@code strippedLookalike.<header>} for each identity header.
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("authenticated", authenticated());
        result.put("notAttempted", notAttempted());
        result.put("loggedOut", loggedOut());
        result.put("diagnosed", diagnosed());
        long rejectedTotal = 0;
        for (LongAdder count : rejected.values()) {
            rejectedTotal += count.sum();
        }
        result.put("rejected", rejectedTotal);
        for (Reason reason : Reason.values()) {
            result.put(reason.name(), rejected(reason));
        }
        result.put(STRIPPED_UNTRUSTED, strippedUntrusted.sum());
        result.put(STRIPPED_LOOKALIKE, strippedLookalike.sum());
        result.put(SESSION_OTHER_KEY, ignoredSessions.get(UnverifiedSession.OTHER_KEY).sum());
        result.put(SESSION_NOT_SEALED, ignoredSessions.get(UnverifiedSession.NOT_SEALED).sum());
        strippedUntrustedByHeader.forEach((header, count) -> result.put(STRIPPED_UNTRUSTED + "." + header,
                count.sum()));
        strippedLookalikeByHeader.forEach((header, count) -> result.put(STRIPPED_LOOKALIKE + "." + header,
                count.sum()));
        return result;
    }
}
