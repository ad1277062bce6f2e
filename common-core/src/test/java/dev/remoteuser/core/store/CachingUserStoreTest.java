package dev.remoteuser.core.store;

import dev.remoteuser.core.decision.Identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachingUserStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<String> lookups = new ArrayList<>();
    private final UserStore store = asserted -> {
        lookups.add(asserted.name());
        return Optional.empty();
    };
    private final AtomicLong nanos = new AtomicLong();

    private static Identity identity(String name) {
        return new Identity(name, Set.of(), Set.of(), Map.of());
    }

    /** A realm-like store that holds every look-up until {@link #release} opens, then answers or fails. */
    private static final class HeldStore implements UserStore {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        volatile UserStoreException failure;

        @Override
        public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
            calls.incrementAndGet();
            try {
                if (!release.await(1, TimeUnit.MINUTES)) {
                    throw new UserStoreException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserStoreException("interrupted");
            }
            if (failure != null) {
                throw failure;
            }
            return Optional.of(new StoredUser(Set.of("staff")));
        }

        @Override
        public boolean answersByNameOnly() {
            return true;
        }
    }

    /** What each of the parallel requests got: an answer, or the failure it was refused with. */
    private record Outcome(CachingUserStore.Answer answer, UserStoreException failure) {
    }

    /**
     * Starts one request per name at once and returns what each got, after every request is blocked (in the store,
     * or waiting for another's look-up) and the store then answers.
     */
    private static List<Outcome> parallelRequests(CachingUserStore cache, HeldStore held, List<String> names)
            throws InterruptedException {
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String name : names) {
            Thread request = new Thread(() -> {
                try {
                    outcomes.add(new Outcome(cache.answer(identity(name)), null));
                } catch (UserStoreException e) {
                    outcomes.add(new Outcome(null, e));
                }
            });
            request.start();
            threads.add(request);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING)) {
            if (System.nanoTime() > deadline) {
                fail("the requests never all waited");
            }
            Thread.onSpinWait();
        }
        held.release.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(names.size(), outcomes.size());
        return outcomes;
    }

    @Test
    void cacheIsBoundedByItsSizeAndEvictsTheLeastRecentlyUsed() throws UserStoreException {
        CachingUserStore cache = new CachingUserStore(store, Duration.ofMinutes(1), 2, WAIT, nanos::get);

        cache.find(identity("alice"));
        cache.find(identity("bob"));
        cache.find(identity("alice"));
        cache.find(identity("dave"));
        assertEquals(2, cache.size());
        cache.find(identity("alice"));
        cache.find(identity("bob"));

        assertEquals(List.of("alice", "bob", "dave", "bob"), lookups);
    }

    /**
     * A page's parallel requests after the user's answer ran out: one look-up in the store, and every request gets
     * that answer.
     */
    @Test
    void parallelMissesOfOneUserAskTheStoreOnce() throws InterruptedException {
        HeldStore held = new HeldStore();
        CachingUserStore cache = new CachingUserStore(held, Duration.ofMinutes(1), 100, WAIT, nanos::get);

        List<Outcome> outcomes = parallelRequests(cache, held, List.of("alice", "alice", "alice", "alice", "alice",
                "alice", "alice", "alice"));

        assertEquals(1, held.calls.get());
        CachingUserStore.Answer first = outcomes.get(0).answer();
        for (Outcome outcome : outcomes) {
            assertSame(first, outcome.answer());
        }
        assertEquals(Optional.of(new StoredUser(Set.of("staff"))), first.user());
    }

    /** Sharing is per user: distinct users do not wait for each other's look-ups. */
    @Test
    void parallelMissesOfDistinctUsersEachAskTheStore() throws InterruptedException {
        HeldStore held = new HeldStore();
        CachingUserStore cache = new CachingUserStore(held, Duration.ofMinutes(1), 100, WAIT, nanos::get);

        parallelRequests(cache, held, List.of("alice", "bob", "carol"));

        assertEquals(3, held.calls.get());
    }

    /**
     * The waiting requests are refused with the store's own failure (an account the store disables stays refused
     * for them too), and the failure is not kept: the next request asks the store again.
     */
    @Test
    void aFailedLookUpRefusesItsWaitersAndIsNotKept() throws InterruptedException, UserStoreException {
        HeldStore held = new HeldStore();
        held.failure = new AccountDisabledException("locked");
        CachingUserStore cache = new CachingUserStore(held, Duration.ofMinutes(1), 100, WAIT, nanos::get);

        List<Outcome> outcomes = parallelRequests(cache, held, List.of("alice", "alice", "alice", "alice"));

        assertEquals(1, held.calls.get());
        for (Outcome outcome : outcomes) {
            assertNull(outcome.answer());
            assertInstanceOf(AccountDisabledException.class, outcome.failure());
        }
        held.failure = null;
        assertEquals(Optional.of(new StoredUser(Set.of("staff"))), cache.find(identity("alice")));
        assertEquals(2, held.calls.get());
    }

    /** A request waits for another's look-up no longer than the store's timeout, and is then refused. */
    @Test
    void aWaiterIsRefusedWhenTheLookUpOutlastsTheStoreTimeout() throws InterruptedException {
        HeldStore held = new HeldStore();
        CachingUserStore cache = new CachingUserStore(held, Duration.ofMinutes(1), 100, Duration.ofMillis(50),
                nanos::get);
        Thread asking = new Thread(() -> {
            try {
                cache.answer(identity("alice"));
            } catch (UserStoreException e) {
                // the held look-up's own outcome is not what this test is about
            }
        });
        asking.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (held.calls.get() == 0) {
            if (System.nanoTime() > deadline) {
                fail("the first request never reached the store");
            }
            Thread.onSpinWait();
        }

        UserStoreException refused = assertThrows(UserStoreException.class, () -> cache.answer(identity("alice")));

        assertEquals("user store did not answer within 50 ms", refused.getMessage());
        held.release.countDown();
        asking.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(1, held.calls.get());
    }
}
