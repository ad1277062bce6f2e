package dev.remoteuser.core.headers;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity headers a trusted proxy sends, and where they count.
 *
 * @param userHeader       the header carrying the user name
 * @param groupsHeader     the header carrying the groups, if any
 * @param groupsSeparator  the separator inside the groups header
 * @param maxGroups        most groups one request may carry (more is a 400)
 * @param attributeHeaders principal attribute name to header name, in configuration order
 * @param headerPaths      path prefixes on which the identity headers count; empty: every path
 * @param requireHeader    whether a trusted peer must send the user header (a missing one is a 401)
 */
public record HeaderSettings(String userHeader, Optional<String> groupsHeader, String groupsSeparator, int maxGroups,
                             Map<String, String> attributeHeaders, List<String> headerPaths, boolean requireHeader) {

    /** Reads the header options, reporting problems to {@code options}. */
    public static HeaderSettings read(OptionReader options) {
        return new HeaderSettings(
                options.header(Option.USER_HEADER).orElse(Option.USER_HEADER.defaultValue().orElseThrow()),
                options.header(Option.GROUPS_HEADER),
                options.separator(Option.GROUPS_SEPARATOR),
                options.number(Option.MAX_GROUPS),
                options.headerMap(Option.ATTRIBUTE_HEADERS),
                options.paths(Option.HEADER_PATHS),
                options.bool(Option.REQUIRE_HEADER));
    }

    /** Whether the identity headers count on this path: every path, or one equal to a prefix or below it. */
    public boolean countsOn(String path) {
        if (headerPaths.isEmpty()) {
            return true;
        }
        if (path == null) {
            return false;
        }
        for (String prefix : headerPaths) {
            if (path.equals(prefix) || (path.startsWith(prefix)
                    && (prefix.endsWith("/") || path.charAt(prefix.length()) == '/'))) {
                return true;
            }
        }
        return false;
    }

    /** Every header option's effective value, for the startup log. */
    public String describe() {
        return "userHeader=" + userHeader + ", groupsHeader=" + groupsHeader.orElse("none")
                + ", groupsSeparator='" + groupsSeparator + "', maxGroups=" + maxGroups
                + ", attributeHeaders=" + attributeHeaders
                + ", headerPaths=" + (headerPaths.isEmpty() ? "all" : headerPaths) + ", requireHeader=" + requireHeader;
    }
}
