package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.identity.IdentityReader;
import dev.remoteuser.core.internal.BoundedCache;

import java.util.function.Function;

/**
 * What an adapter builds for an identity (the container's principal, the request attributes), built once per
 * distinct identity and kept, so that a returning user costs the container one look-up instead of new objects.
 * Identities are immutable and the core hands a returning user an equal identity. Holds at most {@link #MAX_ENTRIES}
 * (the least recently used go first, as in the identity memo). Thread-safe.
 *
 * @param <T> the adapter's immutable objects for one identity
 */
public final class PrincipalMemo<T> {

    /** Most identities kept: the size of the core's identity memo, so a returning user hits both. */
    public static final int MAX_ENTRIES = IdentityReader.MAX_MEMO_ENTRIES;

    private final BoundedCache<Identity, T> entries;
    private final Function<Identity, T> build;

    /** @param build makes the objects of one identity; must not keep state between calls */
    public PrincipalMemo(Function<Identity, T> build) {
        this(MAX_ENTRIES, build);
    }

    PrincipalMemo(int maxEntries, Function<Identity, T> build) {
        this.entries = new BoundedCache<>(maxEntries);
        this.build = build;
    }

    /** The objects of this identity, built now if no equal identity was seen recently. */
    public T of(Identity identity) {
        T known = entries.get(identity);
        if (known != null) {
            return known;
        }
        T built = build.apply(identity);
        entries.put(identity, built, stale -> false);
        return built;
    }

    /** How many identities are kept. */
    public int size() {
        return entries.size();
    }
}
