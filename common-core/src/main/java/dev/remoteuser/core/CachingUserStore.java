package dev.remoteuser.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Caches a store's answers, found and not found, for a fixed time, keeping at most a fixed number (least recently
 * used evicted). The key is the user name with the asserted groups, since a JAAS stack may derive roles from them.
 * Failures are never cached, so a store that recovers is used again at once.
 */
final class CachingUserStore implements UserStore {

    private record Entry(Optional<StoredUser> user, long expiresAtNanos) {
    }

    private final UserStore delegate;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<Key, Entry> entries;

    CachingUserStore(UserStore delegate, Duration ttl, int maxSize, LongSupplier nanoClock) {
        this.delegate = delegate;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > maxSize;
            }
        };
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
        Key key = new Key(asserted.name(), asserted.groups());
        long now = nanoClock.getAsLong();
        synchronized (entries) {
            Entry cached = entries.get(key);
            if (cached != null && now - cached.expiresAtNanos() < 0) {
                return cached.user();
            }
        }
        Optional<StoredUser> user = delegate.find(asserted);
        if (user == null) {
            throw new UserStoreException("user store answered null");
        }
        synchronized (entries) {
            entries.put(key, new Entry(user, now + ttlNanos));
        }
        return user;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** The cache key: the name and the asserted groups (a store such as JAAS may answer differently per group). */
    private record Key(String name, java.util.Set<String> groups) {
    }
}
