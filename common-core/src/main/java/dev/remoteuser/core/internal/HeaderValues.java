package dev.remoteuser.core.internal;

import java.util.Set;

/**
 * The value grammar every identity header value passes before anything else looks at it, applied to what the
 * container delivered: no trimming, no URL-decoding, no Unicode normalisation.
 */
public final class HeaderValues {

    /** Values a misconfigured proxy sends when its variable was empty or never expanded. */
    private static final Set<String> PLACEHOLDER_VALUES = Set.of("-", "(null)", "null", "undefined", "<nil>");

    /** Code points that render as nothing but are letters or symbols to Unicode (Hangul fillers, braille blank). */
    private static final Set<Integer> INVISIBLE_LETTERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800);

    private HeaderValues() {
    }

    /**
     * Whether every character is visible or a plain space: no C0/C1 controls, DEL, format characters (zero-width
     * spaces, bidi controls, BOM), separators other than U+0020 (no-break and other spaces, line and paragraph
     * separators), lone surrogates, private-use or unassigned code points, U+FFFD, or invisible letters; and no
     * space at either end.
     */
    public static boolean isPrintable(String value) {
        if (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ')) {
            return false;
        }
        return hasOnlyVisibleCharacters(value);
    }

    /** {@link #isPrintable(String)} without the rule about spaces at the ends. */
    public static boolean hasOnlyVisibleCharacters(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (cp > ' ' && cp < 0x7f) {
                continue;
            }
            if (cp == ' ') {
                continue;
            }
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0xFFFD
                    || INVISIBLE_LETTERS.contains(cp)) {
                return false;
            }
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                        Character.PARAGRAPH_SEPARATOR, Character.SURROGATE, Character.PRIVATE_USE,
                        Character.UNASSIGNED -> {
                    return false;
                }
                default -> {
                    // visible
                }
            }
        }
        return true;
    }

    /**
     * Whether the value is an unexpanded or empty-variable placeholder of a proxy: {@code -}, {@code (null)},
     * {@code null}, {@code undefined}, {@code <nil>}, anything containing {@code %{}, {@code ${} or a
     * {@code {...}} pair, and {@code $name}.
     */
    public static boolean isPlaceholder(String value) {
        if (PLACEHOLDER_VALUES.contains(value) || value.contains("%{") || value.contains("${")) {
            return true;
        }
        if (value.length() > 1 && value.charAt(0) == '$') {
            char c = value.charAt(1);
            if (c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                return true;
            }
        }
        int open = value.indexOf('{');
        return open >= 0 && value.indexOf('}', open) > open;
    }
}
