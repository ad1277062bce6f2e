package dev.remoteuser.core;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.store.StoreSettings;
import dev.remoteuser.core.store.StoredUser;
import dev.remoteuser.core.store.UserStore;
import dev.remoteuser.core.store.UserStoreException;

import static dev.remoteuser.core.Policies.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A hung user store fails requests closed within userStoreTimeout instead of holding their threads. */
class StoreTimeoutTest {

    /** A store that hangs until released (or interrupted), counting the look-ups that entered it. */
    private static final class HangingStore implements UserStore {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();
        volatile boolean hang = true;

        @Override
        public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
            entered.incrementAndGet();
            if (hang) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    Thread.currentThread().interrupt();
                    throw new UserStoreException("interrupted");
                }
            }
            return Optional.of(new StoredUser(Set.of("manager")));
        }
    }

    private final HangingStore store = new HangingStore();

    @AfterEach
    void release() {
        store.release.countDown();
    }

    private RemoteUserPolicy policy() {
        return new RemoteUserPolicy(config("userStore", "realm", "userStoreTimeout", "1"), store);
    }

    private static FakeRequest user(String name) {
        return FakeRequest.fromProxy().header("Remote-User", name);
    }

    @Test
    void aHungStoreIsRefusedWith503AndNothingIsCached() {
        RemoteUserPolicy policy = policy();

        Decision hung = policy.decide(user("alice"));
        store.hang = false;
        Decision recovered = policy.decide(user("alice"));

        assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) hung).reason());
        assertEquals(503, ((Decision.Rejected) hung).status());
        assertEquals(Set.of("manager"), ((Decision.Authenticated) recovered).identity().roles());
    }

    /**
     * A look-up the request gave up on is interrupted, so a store that honours interrupts (a JDBC or LDAP call with
     * an interruptible socket) gives back its thread instead of keeping one of the look-ups stuck.
     */
    @Test
    void aLookUpGivenUpIsInterrupted() throws InterruptedException {
        Decision hung = policy().decide(user("alice"));

        assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) hung).reason());
        assertTrue(store.interrupted.await(30, TimeUnit.SECONDS), "the hung look-up was interrupted");
    }

    @Test
    void whenEveryLookUpThreadIsStuckMoreRequestsFailWithoutReachingTheStore() throws Exception {
        RemoteUserPolicy policy = new RemoteUserPolicy(config("userStore", "realm", "userStoreTimeout", "300"),
                store);
        ExecutorService requests = Executors.newFixedThreadPool(StoreSettings.MAX_LOOKUPS);
        try {
            List<Future<Decision>> stuck = new ArrayList<>();
            for (int i = 0; i < StoreSettings.MAX_LOOKUPS; i++) {
                String name = "user" + i;
                stuck.add(requests.submit(() -> policy.decide(user(name))));
            }
            for (int i = 0; i < 500 && store.entered.get() < StoreSettings.MAX_LOOKUPS; i++) {
                Thread.sleep(10);
            }
            assertEquals(StoreSettings.MAX_LOOKUPS, store.entered.get());

            Decision overflow = policy.decide(user("one-more"));

            assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) overflow).reason());
            assertEquals(StoreSettings.MAX_LOOKUPS, store.entered.get(), "the store was not asked again");
            store.release.countDown();
            for (Future<Decision> request : stuck) {
                assertInstanceOf(Decision.Authenticated.class, request.get(10, TimeUnit.SECONDS));
            }
        } finally {
            requests.shutdownNow();
        }
    }

    @Test
    void theStoreRunsWithTheCallersContextClassLoader() throws Exception {
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        RemoteUserPolicy policy = new RemoteUserPolicy(config("userStore", "realm"), asserted -> {
            seen.set(Thread.currentThread().getContextClassLoader());
            return Optional.empty();
        });
        ClassLoader webapp = new URLClassLoader(new URL[0]);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(webapp);
        try {
            assertInstanceOf(Decision.Authenticated.class, policy.decide(user("alice")));
        } finally {
            thread.setContextClassLoader(previous);
        }
        assertSame(webapp, seen.get());
    }

    @Test
    void theTimeoutMustBeBetweenOneSecondAndFiveMinutes() {
        for (String bad : new String[] {"0", "301", "-1", "5s"}) {
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> config("userStoreTimeout", bad));
            assertTrue(e.getMessage().contains("userStoreTimeout"), e.getMessage());
        }
        assertEquals(java.time.Duration.ofSeconds(5), config().store().timeout());
    }
}
