package dev.remoteuser.core.internal;

/**
 * Makes untrusted text safe for a log line: printable ASCII stays, everything else becomes a visible escape, and long
 * values are cut. Adapters pass every client-controlled string (header names, paths) through it; header values are
 * never logged at all.
 */
public final class LogSafe {

    /** The length {@link #escape(String)} keeps. */
    public static final int DEFAULT_MAX_LENGTH = 128;

    private LogSafe() {
    }

    /** {@link #escape(String, int)} with {@link #DEFAULT_MAX_LENGTH}. */
    public static String escape(String value) {
        return escape(value, DEFAULT_MAX_LENGTH);
    }

    /**
     * Escapes {@code \}, {@code "} and every character outside printable ASCII ({@code \xHH}, {@code \}{@code uHHHH})
     * and keeps at most {@code maxLength} characters of the input, saying how long it was when cut.
     *
     * @return the escaped text; {@code "(none)"} for {@code null}
     */
    public static String escape(String value, int maxLength) {
        if (value == null) {
            return "(none)";
        }
        int keep = Math.min(value.length(), maxLength);
        StringBuilder sb = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        if (keep < value.length()) {
            sb.append("...(").append(value.length()).append(" chars)");
        }
        return sb.toString();
    }
}
