package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.internal.LogSafe;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one-line refusal log both adapters write: reason code, status, the real peer address, the path and the cause
 * an operator must act on (a failing store's message, why a signed assertion was refused, an unexpected exception's
 * type), all escaped; never a header value, secret, token or session id. For {@link Reason#INTERNAL_ERROR} the
 * adapter logs {@link Decision.Rejected#failure()} with the line, stack trace included. At most {@code
 * maxLinesPerMinute} lines a minute;
 * the first line after a quiet spell says how many were left out.
 */
public final class AuditLog {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    /** Longest cause kept in a line. */
    static final int MAX_CAUSE_LENGTH = 300;

    private final int maxLinesPerMinute;
    private final LongSupplier nanoClock;
    private final Object lock = new Object();
    private long windowStart;
    private int linesInWindow;
    private final AtomicLong suppressed = new AtomicLong();

    /** A log allowing {@code maxLinesPerMinute} refusal lines a minute. */
    public AuditLog(int maxLinesPerMinute) {
        this(maxLinesPerMinute, System::nanoTime);
    }

    AuditLog(int maxLinesPerMinute, LongSupplier nanoClock) {
        this.maxLinesPerMinute = maxLinesPerMinute;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    /**
     * Logs a refused request through the container's logger, unless the rate limit says to stay quiet: {@code warn}
     * gets the line, {@code error} the line and {@link Decision.Rejected#failure()} (an unexpected exception, its
     * stack trace included).
     *
     * @param peer the real connection peer address
     * @param path the request path
     */
    public void refused(Decision.Rejected rejection, String peer, String path, Consumer<String> warn,
                        BiConsumer<String, Throwable> error) {
        String line = refusalLine(rejection, peer, path);
        if (line != null && rejection.failure().isPresent()) {
            error.accept(line, rejection.failure().get());
        } else if (line != null) {
            warn.accept(line);
        }
    }

    /**
     * The line to log for a refused request, or {@code null} when the rate limit says to stay quiet.
     *
     * @param peer the real connection peer address
     * @param path the request path
     */
    public String refusalLine(Decision.Rejected rejection, String peer, String path) {
        long now = nanoClock.getAsLong();
        synchronized (lock) {
            if (now - windowStart >= MINUTE_NANOS) {
                windowStart = now;
                linesInWindow = 0;
            }
            if (linesInWindow >= maxLinesPerMinute) {
                suppressed.incrementAndGet();
                return null;
            }
            linesInWindow++;
        }
        long skipped = suppressed.getAndSet(0);
        return "remote-user-auth: refused request reason=" + rejection.reason() + " status=" + rejection.status()
                + " peer=" + LogSafe.escape(peer, 64) + " path=\"" + LogSafe.escape(path) + "\""
                + rejection.cause().map(cause -> " cause=\"" + LogSafe.escape(cause, MAX_CAUSE_LENGTH) + "\"")
                        .orElse("")
                + (skipped > 0 ? " (" + skipped + " earlier refusals not logged)" : "");
    }
}
