package dev.remoteuser.core.identity;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;
import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.LogSafe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How groups become roles.
 *
 * @param defaultRoles   roles every remotely authenticated user gets
 * @param roleMapping    group to roles; when not empty, only mapped groups give roles
 * @param excludedGroups groups ignored entirely
 */
public record RoleSettings(Set<String> defaultRoles, Map<String, Set<String>> roleMapping, Set<String> excludedGroups) {

    /** Role names that containers treat as wildcards in constraints; never granted to anyone. */
    public static final Set<String> RESERVED_ROLES = Set.of("*", "**");

    /** Every role option's effective value, for the startup log. */
    public String describe() {
        return "defaultRoles=" + defaultRoles + ", roleMapping=" + roleMapping + ", excludedGroups=" + excludedGroups;
    }

    /** Reads the role options, reporting problems to {@code options}. */
    public static RoleSettings read(OptionReader options) {
        return new RoleSettings(roles(options, Option.DEFAULT_ROLES, options.items(Option.DEFAULT_ROLES)),
                roleMapping(options), options.names(Option.EXCLUDED_GROUPS, ""));
    }

    /**
     * The roles these settings give for a set of groups: {@code excludedGroups} removed, {@code roleMapping} (or the
     * groups as they are), {@code defaultRoles}; never {@code *} or {@code **}. The JAAS module applies its own
     * options with it the way the adapters do.
     */
    public Set<String> rolesForGroups(Set<String> groups) {
        Set<String> kept = new LinkedHashSet<>(groups);
        kept.removeAll(excludedGroups);
        return new RoleResolver(this, ",", Integer.MAX_VALUE).roles(kept, Set.of());
    }

    private static Set<String> roles(OptionReader options, Option option, List<String> names) {
        Set<String> result = new LinkedHashSet<>();
        for (String role : names) {
            if (RESERVED_ROLES.contains(role)) {
                options.problem(option.key() + ": '" + role + "' is a reserved role name and is never granted");
            } else if (!HeaderValues.isPrintable(role) || role.chars().anyMatch(c -> c == ' ' || c == ';'
                    || c == '=' || c == ',')) {
                options.problem(option.key() + ": '" + LogSafe.escape(role) + "' is not a valid role name");
            } else {
                result.add(role);
            }
        }
        return Collections.unmodifiableSet(result);
    }

    private static Map<String, Set<String>> roleMapping(OptionReader options) {
        Map<String, Set<String>> result = new LinkedHashMap<>();
        for (String rule : options.items(Option.ROLE_MAPPING)) {
            int eq = rule.indexOf('=');
            String group = eq < 0 ? "" : rule.substring(0, eq).trim();
            List<String> roleNames = eq < 0 ? List.of() : words(rule.substring(eq + 1));
            if (group.isEmpty() || roleNames.isEmpty() || !HeaderValues.isPrintable(group)) {
                options.problem("roleMapping: '" + LogSafe.escape(rule) + "' must be group=role1 role2");
            } else if (result.containsKey(group)) {
                options.problem("roleMapping: group '" + LogSafe.escape(group) + "' is mapped twice");
            } else {
                result.put(group, roles(options, Option.ROLE_MAPPING, roleNames));
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** The space-separated words of a mapping's right-hand side. */
    private static List<String> words(String value) {
        return java.util.Arrays.stream(value.split(" ", -1)).map(String::trim).filter(w -> !w.isEmpty()).toList();
    }
}
