package dev.remoteuser.testsupport.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report's JSON: one object whose values are strings, booleans or null. Small enough to need no library on
 * either side of the test (the webapp and the test client).
 */
public final class FlatJson {

    private FlatJson() {
    }

    /** Writes a flat object. */
    public static String write(Map<String, Object> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((key, value) -> {
            json.append(json.length() > 1 ? "," : "").append(quote(key)).append(':');
            json.append(value == null ? "null" : value instanceof Boolean ? value.toString() : quote(value.toString()));
        });
        return json.append('}').toString();
    }

    /**
     * Reads a flat object into strings ({@code true}, {@code false} and {@code null} as their words).
     *
     * @throws IllegalArgumentException when the text is not such an object
     */
    public static Map<String, String> read(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Cursor cursor = new Cursor(text.strip());
        cursor.expect('{');
        if (cursor.peek() == '}') {
            cursor.next();
            return values;
        }
        do {
            String key = cursor.string();
            cursor.expect(':');
            char c = cursor.peek();
            values.put(key, c == '"' ? cursor.string() : cursor.word());
        } while (cursor.comma());
        cursor.expect('}');
        return values;
    }

    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static final class Cursor {
        private final String text;
        private int at;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            return text.charAt(at);
        }

        char next() {
            char c = peek();
            at++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (at - 1));
            }
        }

        boolean comma() {
            if (peek() == ',') {
                at++;
                return true;
            }
            return false;
        }

        String word() {
            int start = at;
            while (at < text.length() && Character.isLetter(text.charAt(at))) {
                at++;
            }
            String word = text.substring(start, at);
            if (!word.equals("true") && !word.equals("false") && !word.equals("null")) {
                throw new IllegalArgumentException("unexpected value '" + word + "'");
            }
            return word;
        }

        String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            for (char c = next(); c != '"'; c = next()) {
                if (c == '\\') {
                    char escaped = next();
                    if (escaped == 'u') {
                        value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    } else {
                        value.append(escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
    }
}
