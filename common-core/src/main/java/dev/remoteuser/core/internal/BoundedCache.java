package dev.remoteuser.core.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToLongBiFunction;

/**
 * A concurrent map that never holds more than a fixed number of entries nor, when given a weigher, more than a fixed
 * total weight (an estimate of the heap bytes its entries hold). Reads take no lock (one hash lookup and one write of
 * the entry's last-use stamp); writes take one lock and, when the cache is full, first drop the entries {@code stale}
 * names (expired ones), then about a tenth of the entries (or of the weight), least recently used first (at least
 * one). Evicting in batches keeps a full cache from paying a scan on every insert; the order is exact for a single
 * thread and approximate under concurrency (two readers may stamp the same tick). An entry heavier than the whole
 * weight bound is not kept at all.
 *
 * @param <K> key; its {@code hashCode} and {@code equals} decide hits
 * @param <V> value, never null
 */
public final class BoundedCache<K, V> {

    /** A value with its weight and the tick of its last read or write. */
    private static final class Slot<V> {
        final V value;
        final long weight;
        volatile long lastUsed;

        Slot(V value, long weight, long lastUsed) {
            this.value = value;
            this.weight = weight;
            this.lastUsed = lastUsed;
        }
    }

    private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private final int maxSize;
    private final long maxWeight;
    private final ToLongBiFunction<? super K, ? super V> weigher;
    private final Object writeLock = new Object();
    /** The sum of the slots' weights; written under {@link #writeLock} only. */
    private volatile long weight;
    /** Use counter; increments race under concurrency, which only blurs the order between near-simultaneous uses. */
    private volatile long ticks;

    /** @param maxSize most entries ever held; at least 1 */
    public BoundedCache(int maxSize) {
        this(maxSize, Long.MAX_VALUE, (key, value) -> 0);
    }

    /**
     * @param maxSize   most entries ever held; at least 1
     * @param maxWeight most total weight ever held; at least 1
     * @param weigher   an entry's weight (say, the heap bytes its key and value hold); not negative, and the same
     *                  every time for the same entry
     */
    public BoundedCache(int maxSize, long maxWeight, ToLongBiFunction<? super K, ? super V> weigher) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
        }
        if (maxWeight < 1) {
            throw new IllegalArgumentException("maxWeight must be at least 1: " + maxWeight);
        }
        this.maxSize = maxSize;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** The value for {@code key}, or null; a hit counts as a use. */
    public V get(K key) {
        Slot<V> slot = slots.get(key);
        if (slot == null) {
            return null;
        }
        long now = ticks;
        if (slot.lastUsed != now) {
            // the most recently used entry is not stamped again: a repeated key costs no shared write
            slot.lastUsed = now + 1;
            ticks = now + 1;
        }
        return slot.value;
    }

    /**
     * Stores {@code value} for {@code key}, making room first when the cache is full; stores nothing when the entry
     * alone weighs more than the cache may hold (a value already kept for the key is then dropped).
     *
     * @param stale entries that may go before any live one (say, expired); {@code v -> false} for none
     */
    public void put(K key, V value, Predicate<? super V> stale) {
        long entryWeight = weigher.applyAsLong(key, value);
        if (entryWeight < 0) {
            throw new IllegalArgumentException("negative weight: " + entryWeight);
        }
        synchronized (writeLock) {
            if (entryWeight > maxWeight) {
                Slot<V> current = slots.remove(key);
                if (current != null) {
                    weight -= current.weight;
                }
                return;
            }
            if (needsRoom(key, entryWeight)) {
                makeRoom(stale, key, entryWeight);
            }
            long now = ticks + 1;
            ticks = now;
            // replaced in place: a reader of this key meanwhile sees the old value or the new, never a miss
            Slot<V> replaced = slots.put(key, new Slot<>(value, entryWeight, now));
            weight += entryWeight - (replaced == null ? 0 : replaced.weight);
        }
    }

    public int size() {
        return slots.size();
    }

    /** The total weight of the entries held; 0 without a weigher. */
    public long weight() {
        return weight;
    }

    /** Whether putting {@code incoming} weight under {@code key} (replacing its entry, if any) would break a bound. */
    private boolean needsRoom(K key, long incoming) {
        Slot<V> own = slots.get(key);
        return own == null && slots.size() >= maxSize
                || weight - (own == null ? 0 : own.weight) + incoming > maxWeight;
    }

    /**
     * Drops the stale entries, then the least recently used: about a tenth of the entries when the cache is full,
     * about a tenth of the weight beyond what is missing when it is too heavy. Entries read meanwhile may escape a
     * pass (their stamp moved on); after a few passes any entries go, so the bounds always hold.
     */
    private void makeRoom(Predicate<? super V> stale, K key, long incoming) {
        long freed = 0;
        for (var iterator = slots.values().iterator(); iterator.hasNext(); ) {
            Slot<V> slot = iterator.next();
            if (stale.test(slot.value)) {
                iterator.remove();
                freed += slot.weight;
            }
        }
        weight -= freed;
        for (int pass = 0; needsRoom(key, incoming); pass++) {
            Slot<V> own = slots.get(key);
            int size = slots.size();
            long othersWeight = weight - (own == null ? 0 : own.weight);
            int dropEntries = own == null && size >= maxSize ? Math.max(size - maxSize + 1, maxSize / 10) : 0;
            long dropWeight = othersWeight + incoming > maxWeight
                    ? othersWeight + incoming - maxWeight + maxWeight / 10 : 0;
            if (pass < 3) {
                evictOldest(dropEntries, dropWeight);
            } else {
                evictAny();
            }
        }
    }

    /**
     * Drops at least {@code entries} entries and {@code weight} weight, least recently used first (as their stamps
     * read at the start; all entries of one stamp go together).
     */
    private void evictOldest(int entries, long dropWeight) {
        long[] stamps = new long[slots.size()];
        int n = 0;
        for (Slot<V> slot : slots.values()) {
            if (n == stamps.length) {
                break;
            }
            stamps[n++] = slot.lastUsed;
        }
        Arrays.sort(stamps, 0, n);
        int last = Math.min(n, Math.max(entries, 1)) - 1;
        if (dropWeight > 0) {
            // the weight at each stamp, summed up in stamp order, to find the newest stamp that must go
            long[] weights = new long[n];
            for (Slot<V> slot : slots.values()) {
                int at = Arrays.binarySearch(stamps, 0, n, slot.lastUsed);
                if (at >= 0) {
                    weights[at] += slot.weight;
                }
            }
            long sum = 0;
            int enough = n - 1;
            for (int i = 0; i < n; i++) {
                sum += weights[i];
                if (sum >= dropWeight) {
                    enough = i;
                    break;
                }
            }
            last = Math.max(last, enough);
        }
        if (last < 0) {
            return;
        }
        long newestEvicted = stamps[last];
        long freed = 0;
        for (var iterator = slots.values().iterator(); iterator.hasNext(); ) {
            Slot<V> slot = iterator.next();
            if (slot.lastUsed <= newestEvicted) {
                iterator.remove();
                freed += slot.weight;
            }
        }
        weight -= freed;
    }

    /** Drops one entry, whichever comes first: the last resort when readers keep every entry's stamp moving. */
    private void evictAny() {
        var iterator = slots.values().iterator();
        if (iterator.hasNext()) {
            weight -= iterator.next().weight;
            iterator.remove();
        } else {
            weight = 0; // nothing held weighs nothing: never loop on a count gone wrong
        }
    }
}
