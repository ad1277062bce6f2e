package dev.remoteuser.core.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A concurrent map that never holds more than a fixed number of entries. Reads take no lock (one hash lookup and
 * one write of the entry's last-use stamp); writes take one lock and, when the cache is full, first drop the entries
 * {@code stale} names (expired ones), then about a tenth of the entries, least recently used first (at least one).
 * Evicting in batches keeps a full cache from paying a scan on every insert; the order is exact for a single thread
 * and approximate under concurrency (two readers may stamp the same tick).
 *
 * @param <K> key; its {@code hashCode} and {@code equals} decide hits
 * @param <V> value, never null
 */
public final class BoundedCache<K, V> {

    /** A value with the tick of its last read or write. */
    private static final class Slot<V> {
        final V value;
        volatile long lastUsed;

        Slot(V value, long lastUsed) {
            this.value = value;
            this.lastUsed = lastUsed;
        }
    }

    private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private final int maxSize;
    private final Object writeLock = new Object();
    /** Use counter; increments race under concurrency, which only blurs the order between near-simultaneous uses. */
    private volatile long ticks;

    /** @param maxSize most entries ever held; at least 1 */
    public BoundedCache(int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1: " + maxSize);
        }
        this.maxSize = maxSize;
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
     * Stores {@code value} for {@code key}, making room first when the cache is full.
     *
     * @param stale entries that may go before any live one (say, expired); {@code v -> false} for none
     */
    public void put(K key, V value, Predicate<? super V> stale) {
        synchronized (writeLock) {
            if (slots.size() >= maxSize && !slots.containsKey(key)) {
                evict(stale);
            }
            long now = ticks + 1;
            ticks = now;
            slots.put(key, new Slot<>(value, now));
        }
    }

    public int size() {
        return slots.size();
    }

    private void evict(Predicate<? super V> stale) {
        slots.values().removeIf(slot -> stale.test(slot.value));
        int excess = slots.size() - maxSize + 1;
        if (excess <= 0) {
            return;
        }
        int batch = Math.max(excess, maxSize / 10);
        long[] stamps = slots.values().stream().mapToLong(slot -> slot.lastUsed).toArray();
        if (batch >= stamps.length) {
            slots.clear();
            return;
        }
        Arrays.sort(stamps);
        long newestEvicted = stamps[batch - 1];
        slots.values().removeIf(slot -> slot.lastUsed <= newestEvicted);
    }
}
