package dev.remoteuser.core.store;

import dev.remoteuser.core.decision.Identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingUserStoreTest {

    private final List<String> lookups = new ArrayList<>();
    private final UserStore store = asserted -> {
        lookups.add(asserted.name());
        return Optional.empty();
    };
    private final AtomicLong nanos = new AtomicLong();

    private static Identity identity(String name) {
        return new Identity(name, Set.of(), Set.of(), Map.of());
    }

    @Test
    void cacheIsBoundedByItsSizeAndEvictsTheLeastRecentlyUsed() throws UserStoreException {
        CachingUserStore cache = new CachingUserStore(store, Duration.ofMinutes(1), 2, nanos::get);

        cache.find(identity("alice"));
        cache.find(identity("bob"));
        cache.find(identity("alice"));
        cache.find(identity("dave"));
        assertEquals(2, cache.size());
        cache.find(identity("alice"));
        cache.find(identity("bob"));

        assertEquals(List.of("alice", "bob", "dave", "bob"), lookups);
    }
}
