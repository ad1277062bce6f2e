package dev.remoteuser.core;

import dev.remoteuser.core.internal.BoundedCache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * The bounded cache behind the identity memo and the user-store cache: never above its size nor its weight, least
 * recently used evicted first, stale entries before live ones.
 */
class BoundedCacheTest {

    @Test
    void aFullCacheEvictsTheLeastRecentlyUsed() {
        BoundedCache<String, String> cache = new BoundedCache<>(2);
        cache.put("alice", "A", v -> false);
        cache.put("bob", "B", v -> false);
        cache.get("alice");

        cache.put("dave", "D", v -> false);

        assertEquals(2, cache.size());
        assertEquals("A", cache.get("alice"));
        assertNull(cache.get("bob"));
        assertEquals("D", cache.get("dave"));
    }

    @Test
    void aFullCacheEvictsAboutATenthInOneBatchOldestFirst() {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(100);
        for (int i = 0; i < 100; i++) {
            cache.put(i, i, v -> false);
        }
        for (int i = 0; i < 50; i++) {
            cache.get(i); // 0..49 now more recent than 50..99
        }

        cache.put(100, 100, v -> false);

        assertEquals(91, cache.size());
        for (int i = 50; i < 60; i++) {
            assertNull(cache.get(i), "evicted " + i);
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(i, cache.get(i));
        }
        assertEquals(100, cache.get(100));
    }

    @Test
    void staleEntriesGoBeforeAnyLiveOne() {
        BoundedCache<String, String> cache = new BoundedCache<>(3);
        cache.put("old", "live", v -> false);
        cache.put("expired", "stale", v -> false);
        cache.put("new", "live", v -> false);

        cache.put("next", "live", "stale"::equals);

        assertEquals("live", cache.get("old"));
        assertNull(cache.get("expired"));
        assertEquals(3, cache.size());
    }

    @Test
    void replacingAKeyInAFullCacheEvictsNothing() {
        BoundedCache<String, String> cache = new BoundedCache<>(2);
        cache.put("alice", "A", v -> false);
        cache.put("bob", "B", v -> false);

        cache.put("alice", "A2", v -> false);

        assertEquals("A2", cache.get("alice"));
        assertEquals("B", cache.get("bob"));
    }

    /**
     * Eight writers, each putting 20,000 keys of its own ({@code value} of the key's index) and reading back older
     * ones meanwhile; the largest {@code measure} any writer saw after a put.
     */
    private static <V> long largestSeenUnderEightWriters(BoundedCache<Integer, V> cache, IntFunction<V> value,
            ToLongFunction<BoundedCache<Integer, V>> measure) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> largest = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 100_000;
                largest.add(pool.submit(() -> {
                    long max = 0;
                    for (int i = 0; i < 20_000; i++) {
                        cache.put(offset + i, value.apply(i), v -> false);
                        cache.get(offset + i / 2);
                        max = Math.max(max, measure.applyAsLong(cache));
                    }
                    return max;
                }));
            }
            long max = 0;
            for (Future<Long> seen : largest) {
                max = Math.max(max, seen.get());
            }
            return max;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentWritersNeverPushItAboveItsSize() throws Exception {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(500);

        long largest = largestSeenUnderEightWriters(cache, i -> i, BoundedCache::size);

        assertTrue(largest <= 500, "size seen: " + largest);
        assertTrue(cache.size() <= 500);
    }

    /** At most 100 entries and 1,000 characters of values. */
    private static BoundedCache<String, String> weighedByLength() {
        return new BoundedCache<>(100, 1_000, (key, value) -> value.length());
    }

    /** Puts each key with a value of that many characters, in order. */
    private static void putAll(BoundedCache<String, String> cache, Object... keysAndLengths) {
        for (int i = 0; i < keysAndLengths.length; i += 2) {
            cache.put((String) keysAndLengths[i], "x".repeat((Integer) keysAndLengths[i + 1]), v -> false);
        }
    }

    @Test
    void aHeavyEntryEvictsTheLeastRecentlyUsedUntilItFits() {
        BoundedCache<String, String> cache = weighedByLength();
        putAll(cache, "a", 300, "b", 300, "c", 300);
        cache.get("a");

        cache.put("d", "x".repeat(300), v -> false);

        assertNull(cache.get("b"), "the least recently used went first");
        assertEquals(3, cache.size());
        assertTrue(cache.weight() <= 1_000, "weight: " + cache.weight());
        assertEquals(900, cache.weight());
    }

    @Test
    void anEntryHeavierThanTheWholeBoundIsNotKeptAndDropsTheOldValue() {
        BoundedCache<String, String> cache = weighedByLength();
        putAll(cache, "small", 1, "alice", 3);

        cache.put("alice", "x".repeat(1_001), v -> false);

        assertNull(cache.get("alice"), "neither the heavy value nor the old one");
        assertEquals(1, cache.get("small").length(), "nothing else was evicted for it");
        assertEquals(1, cache.weight());
    }

    @Test
    void replacingAValueCountsOnlyTheNewWeight() {
        BoundedCache<String, String> cache = weighedByLength();
        putAll(cache, "alice", 600, "bob", 300);

        cache.put("alice", "x".repeat(650), v -> false);

        assertEquals(950, cache.weight());
        assertEquals(300, cache.get("bob").length(), "the old value's weight made no one else go");
    }

    @Test
    void concurrentWritersNeverPushItAboveItsWeight() throws Exception {
        BoundedCache<Integer, String> cache = new BoundedCache<>(100_000, 50_000, (key, value) -> value.length());

        long heaviest = largestSeenUnderEightWriters(cache, i -> "x".repeat(1 + i % 200), BoundedCache::weight);

        assertTrue(heaviest <= 50_000, "weight seen: " + heaviest);
        long sum = 0;
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < 20_000; i++) {
                String value = cache.get(t * 100_000 + i);
                sum += value == null ? 0 : value.length();
            }
        }
        assertEquals(sum, cache.weight(), "the weight is the sum of what is held");
    }

    @Test
    void aSizeOrWeightBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<>(0));
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<String, String>(10, 0, (k, v) -> 1));
    }
}
