package dev.remoteuser.core.identity;

import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.SortedNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses the groups header and turns groups into roles. */
final class RoleResolver {

    /** Hard limit on the whole groups header value. */
    static final int MAX_RAW_LENGTH = 65_536;

    /** Hard limit on one group name. */
    static final int MAX_GROUP_LENGTH = 256;

    private final RoleSettings config;
    private final String separator;
    private final int maxGroups;

    RoleResolver(RoleSettings config, String separator, int maxGroups) {
        this.config = config;
        this.separator = separator;
        this.maxGroups = maxGroups;
    }

    /**
     * Splits the groups header on {@code groupsSeparator}, trims tokens, drops empty ones, enforces {@code maxGroups}
     * on what was sent, then removes {@code excludedGroups}.
     */
    Set<String> parseGroups(String raw) throws Refusal {
        if (raw.isEmpty()) {
            return Set.of();
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new Refusal(Reason.VALUE_TOO_LONG);
        }
        if (!HeaderValues.hasOnlyVisibleCharacters(raw)) {
            throw new Refusal(Reason.INVALID_CHARACTER);
        }
        List<String> tokens = new ArrayList<>();
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf(separator, start);
            if (end < 0) {
                end = raw.length();
            }
            String token = raw.substring(start, end).trim();
            if (separator.length() > 1 && !token.isEmpty() && (separator.indexOf(token.charAt(0)) >= 0
                    || separator.indexOf(token.charAt(token.length() - 1)) >= 0)) {
                // "admins:::x" with "::": "admins" and ":x", or "admins:" and "x"? Ambiguous, so refused: a group
                // named "admins:" at the proxy must never arrive here as "admins"
                throw new Refusal(Reason.INVALID_GROUP);
            }
            if (!token.isEmpty()) {
                tokens.add(token);
                if (tokens.size() > maxGroups) {
                    throw new Refusal(Reason.TOO_MANY_GROUPS);
                }
            }
            start = end + separator.length();
        }
        return checkGroups(tokens);
    }

    /**
     * Checks group names that arrived already split (a token's {@code groups} claim): at most {@code maxGroups}, each
     * short, unquoted, printable and not a placeholder; then removes {@code excludedGroups}.
     */
    Set<String> checkGroups(List<String> tokens) throws Refusal {
        if (tokens.size() > maxGroups) {
            throw new Refusal(Reason.TOO_MANY_GROUPS);
        }
        for (String token : tokens) {
            if (token.isEmpty() || !HeaderValues.isPrintable(token)) {
                throw new Refusal(Reason.INVALID_GROUP);
            }
        }
        List<String> groups = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            if (token.length() > MAX_GROUP_LENGTH || token.indexOf('"') >= 0) {
                throw new Refusal(Reason.INVALID_GROUP);
            }
            if (HeaderValues.isPlaceholder(token)) {
                throw new Refusal(Reason.PLACEHOLDER);
            }
            if (!config.excludedGroups().contains(token)) {
                groups.add(token);
            }
        }
        return SortedNames.of(groups);
    }

    /**
     * Roles for a user: the groups themselves, or with {@code roleMapping} only what mapped groups give; plus
     * {@code defaultRoles} and the store's roles; never {@code *} or {@code **}.
     */
    Set<String> roles(Set<String> groups, Set<String> storeRoles) {
        boolean mapped = !config.roleMapping().isEmpty();
        if (!mapped && config.defaultRoles().isEmpty() && storeRoles.isEmpty()
                && !groups.contains("*") && !groups.contains("**")) {
            return SortedNames.of(groups);
        }
        List<String> roles = new ArrayList<>();
        if (mapped) {
            for (String group : groups) {
                Set<String> mappedRoles = config.roleMapping().get(group);
                if (mappedRoles != null) {
                    for (String role : mappedRoles) {
                        roles.add(role);
                    }
                }
            }
        } else {
            roles.addAll(groups);
        }
        roles.addAll(config.defaultRoles());
        roles.addAll(storeRoles);
        roles.removeAll(RoleSettings.RESERVED_ROLES);
        return SortedNames.of(roles);
    }
}
