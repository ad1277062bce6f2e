package dev.remoteuser.core.identity;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a raw user name becomes the principal's name.
 *
 * @param pattern     the Java regex the normalised name must match in full
 * @param stripRealm  realms stripped from {@code user@REALM}; another realm is refused
 * @param stripDomain domains stripped from {@code DOMAIN}&#92;{@code user}; another domain is refused
 * @param lowercase   whether the name is lower-cased with {@code Locale.ROOT} after stripping
 */
public record UsernameSettings(Pattern pattern, Set<String> stripRealm, Set<String> stripDomain, boolean lowercase) {

    /** Every user-name option's effective value, for the startup log. */
    public String describe() {
        return "usernamePattern=" + pattern.pattern() + ", stripRealm=" + stripRealm + ", stripDomain=" + stripDomain
                + ", lowercaseUsername=" + lowercase;
    }

    /** Reads the user-name options, reporting problems to {@code options}. */
    public static UsernameSettings read(OptionReader options) {
        Pattern pattern = options.regex(Option.USERNAME_PATTERN);
        if (pattern.matcher("").matches()) {
            options.problem("usernamePattern: must not match the empty name");
        }
        return new UsernameSettings(pattern, options.names(Option.STRIP_REALM, "@"),
                options.names(Option.STRIP_DOMAIN, "\\"), options.bool(Option.LOWERCASE_USERNAME));
    }
}
