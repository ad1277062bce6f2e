package dev.remoteuser.core.internal;

/** Header-name comparisons that no locale and no Unicode case rule can bend. */
public final class HeaderNames {

    private HeaderNames() {
    }

    /**
     * The form under which two header names count as the same identity header: ASCII letters lower-cased, and
     * {@code -}, {@code _} and {@code .} removed, so {@code Remote_User}, {@code remote.user} and {@code RemoteUser}
     * all meet {@code Remote-User}. Non-ASCII characters are kept as they are, so they never match an ASCII name.
     */
    public static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '_' || c == '.') {
                continue;
            }
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    /** Whether {@code canonical(name)} equals {@code canonical} (already canonical), without building a string. */
    public static boolean hasCanonical(CharSequence name, String canonical) {
        if (name.length() < canonical.length()) {
            // removing separators only shortens a name
            return false;
        }
        int j = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '_' || c == '.') {
                continue;
            }
            if (j >= canonical.length() || asciiLower(c) != canonical.charAt(j)) {
                return false;
            }
            j++;
        }
        return j == canonical.length();
    }

    /**
     * Whether {@code name} equals {@code lower} under HTTP's case-insensitive name equality, where {@code lower} is
     * already {@link #asciiLowerCase}: the check the header scan makes of every field, one case mapping per character.
     */
    public static boolean sameNameAsLower(CharSequence name, String lower) {
        int length = lower.length();
        if (name.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (asciiLower(name.charAt(i)) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code name} with ASCII letters lower-cased, every other character kept (no locale, no Unicode rule). */
    public static String asciiLowerCase(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            sb.append(asciiLower(name.charAt(i)));
        }
        return sb.toString();
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
