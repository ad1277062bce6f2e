package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts decisions per outcome and per refusal reason, for the adapters' JMX beans. Thread-safe and cheap on the
 * request path.
 */
public final class DecisionCounters {

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

    public DecisionCounters() {
        for (Reason reason : Reason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    /** Counts one decision. */
    public void record(Decision decision) {
        decision.accept(counterOf).increment();
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
     * Every counter by name ({@code authenticated}, {@code notAttempted}, {@code loggedOut}, {@code diagnosed}, each
     * reason code).
     */
    public Map<String, Long> snapshot() {
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("authenticated", authenticated());
        result.put("notAttempted", notAttempted());
        result.put("loggedOut", loggedOut());
        result.put("diagnosed", diagnosed());
        for (Reason reason : Reason.values()) {
            result.put(reason.name(), rejected(reason));
        }
        return result;
    }
}
