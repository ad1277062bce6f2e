package dev.remoteuser.core.internal;

/**
 * Estimates of the heap that the memos' entries hold, for their memory bounds. Estimates, not measurements: a
 * 64-bit JVM with compressed references, strings of one byte per character (names and header values are almost
 * always Latin-1), every string counted as if it were not shared.
 */
public final class HeapBytes {

    /** A small object with a few fields (a record, a map node, a memo slot). */
    public static final long OBJECT = 32;

    private HeapBytes() {
    }

    /** A string: its object, its byte array's header and its characters. */
    public static long of(String value) {
        return 40 + value.length();
    }

    /** An array of {@code length} references. */
    public static long references(int length) {
        return 16 + 4L * length;
    }
}
