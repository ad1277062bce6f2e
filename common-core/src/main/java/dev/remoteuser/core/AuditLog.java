package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Stripped;
import dev.remoteuser.core.decision.UnverifiedSession;
import dev.remoteuser.core.internal.LogSafe;
import dev.remoteuser.core.session.SessionSeal;

import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The one-line logs both adapters write, at WARN:
 * <ul>
 *   <li>a refused request: reason code, status, the real peer address, the path and the cause an operator must act
 *       on (a failing store's message, why a signed assertion was refused, an unexpected exception's type). For
 *       {@link Reason#INTERNAL_ERROR} the adapter logs {@link Decision.Rejected#failure()} with the line, stack trace
 *       included;</li>
 *   <li>forged headers stripped from a request that went on ({@link Decision#stripped()}): the peer, the path, the
 *       names of the identity headers an untrusted peer sent and the lookalike names (each with the header it
 *       imitates). In {@code untrustedHeaders=strip} mode this line is the only trace a forgery leaves in the
 *       log.</li>
 *   <li>a session identity value ignored ({@link Stripped#session()}): the peer, the path and what to do. A value
 *       sealed under another key means the nodes of a cluster (or a node before and after a restart) do not share
 *       {@code sessionKeyFile}: their users log in again on every node that cannot read their session.</li>
 * </ul>
 * Everything is escaped; never a header value, secret, token or session id. Each kind has its own budget of {@code
 * maxLinesPerMinute} lines a minute, so a flood of forgeries cannot hide refusals; the first line after a quiet
 * spell says how many were left out.
 */
public final class AuditLog {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    /** Longest cause kept in a line. */
    static final int MAX_CAUSE_LENGTH = 300;

    /** Longest list of header names kept in a line. */
    static final int MAX_NAMES_LENGTH = 300;

    private final Budget refusals;
    private final Budget strips;
    private final Budget sessions;

    /** A log allowing {@code maxLinesPerMinute} refusal lines a minute. */
    public AuditLog(int maxLinesPerMinute) {
        this(maxLinesPerMinute, System::nanoTime);
    }

    AuditLog(int maxLinesPerMinute, LongSupplier nanoClock) {
        this.refusals = new Budget(maxLinesPerMinute, nanoClock);
        this.strips = new Budget(maxLinesPerMinute, nanoClock);
        this.sessions = new Budget(maxLinesPerMinute, nanoClock);
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
        long skipped = refusals.take();
        if (skipped < 0) {
            return null;
        }
        return "remote-user-auth: refused request reason=" + rejection.reason() + " status=" + rejection.status()
                + " peer=" + LogSafe.escape(peer, 64) + " path=\"" + LogSafe.escape(path) + "\""
                + rejection.cause().map(cause -> " cause=\"" + LogSafe.escape(cause, MAX_CAUSE_LENGTH) + "\"")
                        .orElse("")
                + (skipped > 0 ? " (" + skipped + " earlier refusals not logged)" : "");
    }

    /**
     * Logs the forged headers stripped from a request that went on and the session identity value it ignored, unless
     * there is nothing of either or the rate limit (one per kind) says to stay quiet. Adapters call it only when
     * {@link Decision#stripped()} has something, so the usual request does not pay for the peer and path strings.
     *
     * @param peer the real connection peer address
     * @param path the request path
     */
    public void stripped(Decision decision, String peer, String path, Consumer<String> warn) {
        Stripped stripped = decision.stripped();
        if (stripped.anyHeader()) {
            String line = strippedLine(stripped, peer, path);
            if (line != null) {
                warn.accept(line);
            }
        }
        if (stripped.session() != UnverifiedSession.NONE) {
            String line = ignoredSessionLine(stripped.session(), peer, path);
            if (line != null) {
                warn.accept(line);
            }
        }
    }

    /**
     * The line to log for a session identity value ignored for {@code why}, or {@code null} when the rate limit says
     * to stay quiet or there is nothing to log.
     *
     * @param peer the real connection peer address
     * @param path the request path
     */
    public String ignoredSessionLine(UnverifiedSession why, String peer, String path) {
        String cause = switch (why) {
            case NONE -> null;
            case OTHER_KEY -> "does not verify under this node's key: sealed by a node with another sessionKeyFile"
                    + " (or none: then the key is random per start), or forged";
            case NOT_SEALED -> "not a value this plugin sealed (the webapp wrote " + SessionSeal.ATTRIBUTE
                    + ", or another version of the plugin did)";
        };
        if (cause == null) {
            return null;
        }
        long skipped = sessions.take();
        if (skipped < 0) {
            return null;
        }
        return "remote-user-auth: ignored the session's identity peer=" + LogSafe.escape(peer, 64) + " path=\""
                + LogSafe.escape(path) + "\" cause=\"" + cause + "\""
                + (skipped > 0 ? " (" + skipped + " earlier lines not logged)" : "");
    }

    /**
     * The line to log for forged headers stripped from a request, or {@code null} when the rate limit says to stay
     * quiet. {@code untrusted} lists the identity headers an untrusted peer sent; {@code lookalikes} each lookalike
     * name as sent, with the header it imitates ({@code Remote_User>Remote-User}).
     *
     * @param peer the real connection peer address
     * @param path the request path
     */
    public String strippedLine(Stripped stripped, String peer, String path) {
        long skipped = strips.take();
        if (skipped < 0) {
            return null;
        }
        StringBuilder line = new StringBuilder("remote-user-auth: stripped forged headers peer=")
                .append(LogSafe.escape(peer, 64)).append(" path=\"").append(LogSafe.escape(path)).append('"');
        if (!stripped.fromUntrustedPeer().isEmpty()) {
            line.append(" untrusted=\"").append(LogSafe.escape(String.join(",",
                    new TreeSet<>(stripped.fromUntrustedPeer())), MAX_NAMES_LENGTH)).append('"');
        }
        if (!stripped.lookalikes().isEmpty()) {
            StringJoiner names = new StringJoiner(",");
            new TreeMap<>(stripped.lookalikes()).forEach((name, imitated) -> names.add(name + ">" + imitated));
            line.append(" lookalikes=\"").append(LogSafe.escape(names.toString(), MAX_NAMES_LENGTH)).append('"');
        }
        if (skipped > 0) {
            line.append(" (").append(skipped).append(" earlier lines not logged)");
        }
        return line.toString();
    }

    /** {@code maxLinesPerMinute} lines a minute, and a count of the lines it refused. */
    private static final class Budget {
        private final int maxLinesPerMinute;
        private final LongSupplier nanoClock;
        private final AtomicLong suppressed = new AtomicLong();
        private long windowStart;
        private int linesInWindow;

        Budget(int maxLinesPerMinute, LongSupplier nanoClock) {
            this.maxLinesPerMinute = maxLinesPerMinute;
            this.nanoClock = nanoClock;
            this.windowStart = nanoClock.getAsLong();
        }

        /** -1 when the budget is spent (the line is counted as left out), else how many lines were left out since. */
        long take() {
            long now = nanoClock.getAsLong();
            synchronized (this) {
                if (now - windowStart >= MINUTE_NANOS) {
                    windowStart = now;
                    linesInWindow = 0;
                }
                if (linesInWindow >= maxLinesPerMinute) {
                    suppressed.incrementAndGet();
                    return -1;
                }
                linesInWindow++;
            }
            return suppressed.getAndSet(0);
        }
    }
}
