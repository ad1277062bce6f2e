package dev.remoteuser.core.store;

import dev.remoteuser.core.decision.Answer;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.internal.BoundedCache;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Caches a store's answers, found and not found, for a fixed time, keeping at most a fixed number (least recently
 * used evicted first, expired answers before any live one; see {@link BoundedCache}). The key is what the store
 * answers by: the user name alone for a Realm or LoginService ({@link UserStore#answersByNameOnly()}), the name with
 * the asserted groups otherwise, since a JAAS stack may derive roles from them. Failures are never cached, so a store
 * that recovers is used again at once. A hit takes no lock.
 *
 * <p>Requests that miss on the same key while the store is being asked for it wait for that one answer instead of
 * asking again: when a user's answer runs out, the page's parallel requests cost the store one look-up, not one
 * each, and do not use up the look-ups the store may have in progress at once ({@link StoreSettings#MAX_LOOKUPS},
 * beyond which requests are refused). A waiter gets exactly what the asking request gets, its failure included, and
 * waits at most the store's timeout.
 */
final class CachingUserStore implements UserStore {

    /**
     * One store answer, valid until {@code expiresAtNanos}, with the identity the policy last built from it, so a
     * returning user (the same asserted identity instance, which the policy's memo hands out) skips building again.
     */
    static final class Answer {
        private final Optional<StoredUser> user;
        private final long expiresAtNanos;
        private volatile Built built;

        private Answer(Optional<StoredUser> user, long expiresAtNanos) {
            this.user = user;
            this.expiresAtNanos = expiresAtNanos;
        }

        Optional<StoredUser> user() {
            return user;
        }

        /** The identity built from this answer for exactly this asserted instance, or null. */
        Identity builtFor(Identity asserted) {
            Built last = built;
            return last != null && last.asserted() == asserted ? last.identity() : null;
        }

        /** Remembers what the policy built from this answer for {@code asserted} (successes only). */
        void remember(Identity asserted, Identity identity) {
            built = new Built(asserted, identity);
        }
    }

    private record Built(Identity asserted, Identity identity) {
    }

    /**
     * The cache key: the name, and the asserted groups when the store may answer differently per group. Equality
     * written out, since the cache compares it on every look-up.
     */
    private record Key(String name, Set<String> groups) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && name.equals(that.name) && groups.equals(that.groups);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + groups.hashCode();
        }
    }

    private final UserStore delegate;
    private final boolean byNameOnly;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final BoundedCache<Key, Answer> answers;
    /** The store's answer being awaited per key; an entry lives only while one request asks the store. */
    private final ConcurrentHashMap<Key, CompletableFuture<Answer>> asking = new ConcurrentHashMap<>();
    /** How long a request waits for the answer another request is getting: the store's timeout. */
    private final Duration wait;

    /**
     * @param delegate answers misses; its own timeout bounds each look-up
     * @param wait     how long a request waits for another's look-up of the same key ({@code userStoreTimeout})
     */
    CachingUserStore(UserStore delegate, Duration ttl, int maxSize, Duration wait, LongSupplier nanoClock) {
        this.delegate = delegate;
        this.byNameOnly = delegate.answersByNameOnly();
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.answers = new BoundedCache<>(maxSize);
        this.wait = wait;
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
        return answer(asserted).user();
    }

    /** Whether {@code answer}, from this cache, may still be used (its {@code userCacheTtl} has not run out). */
    boolean isFresh(Answer answer) {
        return isFresh(answer, nanoClock.getAsLong());
    }

    private static boolean isFresh(Answer answer, long nowNanos) {
        return nowNanos - answer.expiresAtNanos < 0;
    }

    /**
     * The cached answer for the asserted name (and groups, unless by name only), or the store's answer (cached); while
     * another request asks the store for the same key, that request's answer.
     */
    Answer answer(Identity asserted) throws UserStoreException {
        Key key = new Key(asserted.name(), byNameOnly ? Set.of() : asserted.groups());
        Answer cached = answers.get(key);
        if (cached != null && isFresh(cached, nanoClock.getAsLong())) {
            return cached;
        }
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> underway = asking.putIfAbsent(key, mine);
        if (underway != null) {
            return LookUpWait.await(underway, wait, () -> { });
        }
        try {
            Answer fresh = ask(key, asserted);
            mine.complete(fresh);
            return fresh;
        } catch (Throwable failure) {
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            asking.remove(key, mine);
        }
    }

    /** Asks the store, unless the request that asked it before this one finished in between (its answer is cached). */
    private Answer ask(Key key, Identity asserted) throws UserStoreException {
        long now = nanoClock.getAsLong();
        Answer cached = answers.get(key);
        if (cached != null && isFresh(cached, now)) {
            return cached;
        }
        Optional<StoredUser> user = delegate.find(asserted);
        if (user == null) {
            throw new UserStoreException("user store answered null");
        }
        Answer fresh = new Answer(user, now + ttlNanos);
        answers.put(key, fresh, answer -> !isFresh(answer, now));
        return fresh;
    }

    int size() {
        return answers.size();
    }
}
