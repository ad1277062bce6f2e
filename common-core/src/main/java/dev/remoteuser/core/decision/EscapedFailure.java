package dev.remoteuser.core.decision;

import dev.remoteuser.core.internal.LogSafe;

/**
 * An unexpected exception made fit for a log: the same type name, stack trace and cause chain, every message passed
 * through {@link LogSafe} (a message may quote a header value, and a raw line break in it would forge log lines).
 */
public final class EscapedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Causes kept below the top exception. */
    private static final int MAX_DEPTH = 8;

    private EscapedFailure(Throwable original, int depth) {
        super(original.getClass().getName() + ": " + LogSafe.escape(original.getMessage(), 300),
                original.getCause() == null || original.getCause() == original || depth >= MAX_DEPTH ? null
                        : new EscapedFailure(original.getCause(), depth + 1),
                false, true);
        setStackTrace(original.getStackTrace());
    }

    /** The escaped copy of {@code original}. */
    public static EscapedFailure of(Throwable original) {
        return new EscapedFailure(original, 0);
    }

    /** The message without the type name this class puts first. */
    @Override
    public String toString() {
        return getMessage();
    }
}
