package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.identity.IdentityReader;
import dev.remoteuser.core.internal.BoundedCache;
import dev.remoteuser.core.internal.HeapBytes;
import dev.remoteuser.core.internal.StageMemo;

import java.util.function.Function;

/**
 * What an adapter builds for an identity (the container's principal, the request attributes), built once per
 * distinct identity and kept, so that a returning user costs the container one look-up instead of new objects.
 * Identities are immutable and the core hands a returning user an equal identity. Holds at most {@link #MAX_ENTRIES}
 * and about {@link #MAX_BYTES} (the least recently used go first, as in the identity memo). Thread-safe.
 *
 * @param <T> the adapter's immutable objects for one identity
 */
public final class PrincipalMemo<T> {

    /** Most identities kept: the size of the core's identity memo, so a returning user hits both. */
    public static final int MAX_ENTRIES = IdentityReader.MAX_MEMO_ENTRIES;
    /**
     * Most heap the kept identities and objects hold together, estimated: as much as the core's identity memo. An
     * entry counts its identity ({@link Identity#heapBytes()}) and, for the adapter's objects, a few small objects and
     * one reference per role.
     */
    public static final long MAX_BYTES = IdentityReader.MAX_MEMO_BYTES;

    private final BoundedCache<Identity, T> entries;
    private final Function<Identity, T> build;

    /** @param build makes the objects of one identity; must not keep state between calls */
    public PrincipalMemo(Function<Identity, T> build) {
        this(MAX_ENTRIES, build);
    }

    PrincipalMemo(int maxEntries, Function<Identity, T> build) {
        this.entries = new BoundedCache<>(maxEntries, MAX_BYTES, (identity, built) -> identity.heapBytes()
                + 4 * HeapBytes.OBJECT + HeapBytes.references(identity.roles().size()));
        this.build = build;
    }

    /**
     * The objects of the authenticated identity. For a returning user they are read back from beside the core's memo
     * entry (no look-up of this memo's own: with many users, each look-up is a walk through memory the CPU caches no
     * longer hold); otherwise as {@link #of(Identity)}, and then kept beside the entry for next time.
     */
    public T of(Decision.Authenticated authenticated) {
        Identity identity = authenticated.identity();
        StageMemo shown = authenticated.shown();
        if (shown == null) {
            return of(identity);
        }
        if (shown.get() instanceof Built<?> built && built.memo == this && built.identity == identity) {
            @SuppressWarnings("unchecked") // built.memo == this: made by this memo, so its value is a T
            T known = (T) built.value;
            return known;
        }
        T value = of(identity);
        shown.set(new Built<>(this, identity, value));
        return value;
    }

    /**
     * What one memo built for one identity instance, kept beside the core's memo entry; another memo, or another
     * instance (the store answered again), only costs a look-up.
     */
    private static final class Built<T> {
        final PrincipalMemo<T> memo;
        final Identity identity;
        final T value;

        Built(PrincipalMemo<T> memo, Identity identity, T value) {
            this.memo = memo;
            this.identity = identity;
            this.value = value;
        }
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

    /** The estimated heap of what is kept. */
    public long bytes() {
        return entries.weight();
    }

    /** How many identities are kept. */
    public int size() {
        return entries.size();
    }
}
