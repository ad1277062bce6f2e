package dev.remoteuser.core.identity;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Refusal;
import dev.remoteuser.core.headers.HeaderScan;
import dev.remoteuser.core.headers.HeaderSettings;
import dev.remoteuser.core.internal.BoundedCache;
import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.HeapBytes;
import dev.remoteuser.core.internal.StageMemo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identity stage: the user name normalised, the groups parsed, the roles resolved, the attributes read. A
 * returning user (the same raw user and groups values) gets the identity built before, from a bounded memo.
 * Thread-safe.
 */
public final class IdentityReader {

    /**
     * Most identities remembered per raw header pair (the least recently used go first); above the default
     * {@code userCacheSize} so that a user population the store cache holds fits the memo too.
     */
    public static final int MAX_MEMO_ENTRIES = 16_384;
    /**
     * Most heap the memo's entries hold together, estimated ({@link Identity#heapBytes()} and the raw values): 32 MiB.
     * A typical user (a short name, a few groups) takes under a kilobyte, so the entry bound is the one that counts;
     * users in hundreds of groups take tens of kilobytes each, and then this bound keeps the fewer of them that fit.
     */
    public static final long MAX_MEMO_BYTES = 32L << 20;
    /**
     * Raw user and groups values longer than this together are not remembered: 16,384 characters, room for 256
     * groups of 60 characters each.
     */
    static final int MAX_MEMO_KEY_LENGTH = 16_384;

    private final HeaderSettings headers;
    private final UsernameRules usernames;
    private final RoleResolver roles;

    /**
     * Identities already built from a trusted peer's raw user and groups header values (without attribute headers
     * or assertions). Only successes are remembered; the result of building is fully determined by the two values
     * and the immutable settings, so a hit is exactly what building again would give. Each entry carries a
     * {@link StageMemo} for the store stage.
     */
    private final BoundedCache<RawIdentity, Asserted> memo = new BoundedCache<>(MAX_MEMO_ENTRIES,
            MAX_MEMO_BYTES, IdentityReader::heapBytes);

    /**
     * The raw header values an identity was built from; empty groups when the header is absent or unused. Equality
     * written out, since the memo compares it on every request.
     */
    private record RawIdentity(String user, String groups) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RawIdentity that && user.equals(that.user) && groups.equals(that.groups);
        }

        @Override
        public int hashCode() {
            return 31 * user.hashCode() + groups.hashCode();
        }
    }

    public IdentityReader(HeaderSettings headers, UsernameSettings usernames, RoleSettings roles) {
        this.headers = headers;
        this.usernames = new UsernameRules(usernames);
        this.roles = new RoleResolver(roles, headers.groupsSeparator(), headers.maxGroups());
    }

    /** An entry's estimated heap: the key, its two strings, the remembered identity and its two stage memos. */
    private static long heapBytes(RawIdentity key, Asserted remembered) {
        return 4 * HeapBytes.OBJECT + HeapBytes.of(key.user()) + HeapBytes.of(key.groups())
                + remembered.identity().heapBytes();
    }

    /** The estimated heap the memo's entries hold (for tests of its bound). */
    public long rememberedBytes() {
        return memo.weight();
    }

    /** How many identities the memo holds (for tests of its bound). */
    public int remembered() {
        return memo.size();
    }

    /**
     * The identity a user header (or the connector) names, with the groups and attribute headers of a trusted peer.
     *
     * @param found   the request's identity headers
     * @param rawUser the user name as received, not empty
     * @param trusted whether the peer is trusted: only then do the groups and attribute headers count
     * @return the identity, with a stage memo when it is remembered
     */
    public Asserted fromHeaders(HeaderScan.Found found, String rawUser, boolean trusted) throws Refusal {
        String rawGroups = trusted && headers.groupsHeader().isPresent()
                ? found.single(headers.groupsHeader().get()) : null;
        boolean remember = trusted && headers.attributeHeaders().isEmpty()
                && rawUser.length() + (rawGroups == null ? 0 : rawGroups.length()) <= MAX_MEMO_KEY_LENGTH;
        RawIdentity key = remember ? new RawIdentity(rawUser, rawGroups == null ? "" : rawGroups) : null;
        Asserted known = remember ? memo.get(key) : null;
        if (known != null) {
            return known;
        }
        String name = usernames.normalise(rawUser);
        Set<String> groups = rawGroups == null ? Set.of() : roles.parseGroups(rawGroups);
        Identity identity = build(name, groups, trusted ? attributes(found) : Map.of());
        if (!remember) {
            return Asserted.once(identity);
        }
        Asserted remembered = new Asserted(identity, new StageMemo(), new StageMemo());
        memo.put(key, remembered, stale -> false);
        return remembered;
    }

    /**
     * The identity a verified signed assertion names.
     *
     * @param user        the token's user claim, not empty
     * @param claimGroups the token's groups claim when {@code groupsClaim} is configured; otherwise the groups header
     *                    of a trusted peer counts
     * @return the identity, never remembered (no stage memo)
     */
    public Asserted fromAssertion(HeaderScan.Found found, String user, Optional<List<String>> claimGroups,
                                  boolean trusted) throws Refusal {
        String name = usernames.normalise(user);
        Set<String> groups;
        if (claimGroups.isPresent()) {
            groups = roles.checkGroups(claimGroups.get());
        } else if (trusted && headers.groupsHeader().isPresent()) {
            groups = roles.parseGroups(found.single(headers.groupsHeader().get()));
        } else {
            groups = Set.of();
        }
        return Asserted.once(build(name, groups, trusted ? attributes(found) : Map.of()));
    }

    /** The identity with the user store's roles added to what its groups give. */
    public Identity withStoreRoles(Identity asserted, Set<String> storeRoles) {
        return storeRoles.isEmpty() ? asserted : new Identity(asserted.name(),
                roles.roles(asserted.groups(), storeRoles), asserted.groups(), asserted.attributes());
    }

    private Identity build(String name, Set<String> groups, Map<String, String> attributes) {
        return new Identity(name, roles.roles(groups, Set.of()), groups, attributes);
    }

    private Map<String, String> attributes(HeaderScan.Found found) throws Refusal {
        if (headers.attributeHeaders().isEmpty()) {
            return Map.of();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : headers.attributeHeaders().entrySet()) {
            String value = found.single(entry.getValue());
            if (value.isEmpty()) {
                continue;
            }
            if (value.length() > UsernameRules.MAX_RAW_LENGTH) {
                throw new Refusal(Reason.VALUE_TOO_LONG);
            }
            if (!HeaderValues.isPrintable(value)) {
                throw new Refusal(Reason.INVALID_CHARACTER);
            }
            if (HeaderValues.isPlaceholder(value)) {
                throw new Refusal(Reason.PLACEHOLDER);
            }
            attributes.put(entry.getKey(), value);
        }
        return attributes;
    }
}
