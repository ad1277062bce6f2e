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
import org.junit.jupiter.api.Test;

/**
 * The bounded cache behind the identity memo and the user-store cache: never above its size, least recently used
 * evicted first, stale entries before live ones.
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

    @Test
    void concurrentWritersNeverPushItAboveItsSize() throws Exception {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(500);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> largest = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 100_000;
                largest.add(pool.submit(() -> {
                    int max = 0;
                    for (int i = 0; i < 20_000; i++) {
                        cache.put(offset + i, i, v -> false);
                        cache.get(offset + i / 2);
                        max = Math.max(max, cache.size());
                    }
                    return max;
                }));
            }
            for (Future<Integer> seen : largest) {
                assertTrue(seen.get() <= 500, "size seen: " + seen.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(cache.size() <= 500);
    }

    @Test
    void aSizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCache<>(0));
    }
}
