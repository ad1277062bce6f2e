package dev.remoteuser.core.internal;

import java.util.Collection;
import java.util.Map;

/** A flat JSON object writer for the diagnostics report; every string is escaped to printable ASCII. */
public final class Json {

    private final StringBuilder out = new StringBuilder("{");

    public void field(String name, String value) {
        key(name);
        string(value);
    }

    public void field(String name, boolean value) {
        key(name);
        out.append(value);
    }

    public void field(String name, int value) {
        key(name);
        out.append(value);
    }

    public void array(String name, Collection<String> values) {
        key(name);
        out.append('[');
        boolean first = true;
        for (String value : values) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(value);
        }
        out.append(']');
    }

    public void object(String name, Map<String, String> values) {
        key(name);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(entry.getKey());
            out.append(':');
            string(entry.getValue());
        }
        out.append('}');
    }

    private void key(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        string(name);
        out.append(':');
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out + "}";
    }
}
