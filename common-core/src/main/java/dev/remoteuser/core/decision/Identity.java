package dev.remoteuser.core.decision;

import dev.remoteuser.core.internal.HeapBytes;
import dev.remoteuser.core.internal.SortedNames;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A user the proxy vouched for, after normalisation and role resolution. Adapters keep it in the session (it is
 * {@link Serializable} for session persistence and replication) and turn it into a container principal.
 *
 * @param name       the normalised user name, exactly as the principal will report it
 * @param roles      the roles granted: mapped groups, default roles and user-store roles; never {@code *} or
 *                   {@code **}
 * @param groups     the groups from the groups header after {@code excludedGroups} were removed
 * @param attributes principal attributes from {@code attributeHeaders}, by attribute name, in configuration order
 */
public record Identity(String name, Set<String> roles, Set<String> groups, Map<String, String> attributes)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies every collection (roles and groups sorted), so an identity never changes after it is made. */
    public Identity {
        Objects.requireNonNull(name, "name");
        roles = SortedNames.of(roles);
        groups = SortedNames.of(groups);
        attributes = attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /**
     * Equal when name, roles, groups and attributes are; written out (not the record's generated method) because
     * adapters look identities up on every request.
     */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Identity that && name.equals(that.name) && roles.equals(that.roles)
                && groups.equals(that.groups) && attributes.equals(that.attributes);
    }

    /** From the name and the groups (the roles follow from them, bar a store's), each hash worked out once. */
    @Override
    public int hashCode() {
        return 31 * name.hashCode() + groups.hashCode();
    }

    /**
     * About how many heap bytes this identity holds: its object, its sets and every string in it, counted as its own
     * even where shared (the configuration's role names, a memo's key). The memos bound their memory with it.
     */
    public long heapBytes() {
        long bytes = HeapBytes.OBJECT + HeapBytes.of(name) + heapBytes(roles) + heapBytes(groups);
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            bytes += HeapBytes.OBJECT + HeapBytes.of(attribute.getKey()) + HeapBytes.of(attribute.getValue());
        }
        return bytes;
    }

    private static long heapBytes(Set<String> names) {
        long bytes = HeapBytes.OBJECT + HeapBytes.references(names.size());
        for (String name : names) {
            bytes += HeapBytes.of(name);
        }
        return bytes;
    }
}
