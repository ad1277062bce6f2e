package dev.remoteuser.core.identity;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.internal.HeaderValues;

import java.util.Locale;

/** Turns the user header's value into the principal name, or refuses it. */
final class UsernameRules {

    /** Hard limit on the raw header value, before the pattern applies its own. */
    public static final int MAX_RAW_LENGTH = 1024;

    private final UsernameSettings config;
    /** Whether usernamePattern is the default, which {@link #matchesDefaultPattern} checks without a regex. */
    private final boolean defaultPattern;

    UsernameRules(UsernameSettings config) {
        this.config = config;
        this.defaultPattern = config.pattern().pattern()
                .equals(Option.USERNAME_PATTERN.defaultValue().orElseThrow());
    }

    /** {@code [A-Za-z0-9._@+-]{1,256}}, the default usernamePattern, checked character by character. */
    static boolean matchesDefaultPattern(String name) {
        if (name.isEmpty() || name.length() > 256) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '@' || c == '+' || c == '-';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /**
     * Validates the raw value, strips an allowed domain and realm, lower-cases with {@link Locale#ROOT} when asked,
     * and matches the result against {@code usernamePattern} in full.
     */
    String normalise(String raw) throws Refusal {
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new Refusal(Reason.VALUE_TOO_LONG);
        }
        if (!HeaderValues.isPrintable(raw)) {
            throw new Refusal(Reason.INVALID_CHARACTER);
        }
        if (HeaderValues.isPlaceholder(raw)) {
            throw new Refusal(Reason.PLACEHOLDER);
        }
        if (raw.indexOf(',') >= 0 || raw.indexOf('"') >= 0 || raw.indexOf(';') >= 0) {
            throw new Refusal(Reason.LIST_SYNTAX);
        }
        String name = raw;
        if (!config.stripDomain().isEmpty()) {
            int backslash = name.indexOf('\\');
            if (backslash >= 0) {
                if (!config.stripDomain().contains(name.substring(0, backslash))) {
                    throw new Refusal(Reason.FOREIGN_DOMAIN);
                }
                name = name.substring(backslash + 1);
            }
        }
        if (!config.stripRealm().isEmpty()) {
            int at = name.lastIndexOf('@');
            if (at >= 0) {
                if (!config.stripRealm().contains(name.substring(at + 1))) {
                    throw new Refusal(Reason.FOREIGN_REALM);
                }
                name = name.substring(0, at);
                if (name.indexOf('@') >= 0) {
                    // "admin@EVIL.COM@EXAMPLE.COM": what is left still names a realm, and not an allowed one
                    throw new Refusal(Reason.FOREIGN_REALM);
                }
            }
        }
        if (config.lowercase()) {
            name = lowercase(name);
        }
        if (defaultPattern ? !matchesDefaultPattern(name) : !config.pattern().matcher(name).matches()) {
            throw new Refusal(Reason.INVALID_USERNAME);
        }
        return name;
    }

    /**
     * Lower-cases with {@link Locale#ROOT}, refusing names in which a non-ASCII character would become ASCII (the
     * Kelvin sign U+212A becomes {@code k}, U+0130 becomes {@code i} plus a dot): such a name would impersonate an
     * ASCII user after mapping.
     */
    private static String lowercase(String name) throws Refusal {
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x80) {
                String lower = new String(Character.toChars(cp)).toLowerCase(Locale.ROOT);
                if (lower.chars().anyMatch(c -> c < 0x80)) {
                    throw new Refusal(Reason.INVALID_USERNAME);
                }
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
