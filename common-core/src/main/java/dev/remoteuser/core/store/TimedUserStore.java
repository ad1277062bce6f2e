package dev.remoteuser.core.store;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.internal.DaemonThreads;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds how long a request waits for the user store ({@code userStoreTimeout}): the look-up runs on a small pool of
 * daemon threads, and a store that does not answer in time, or a pool whose {@value StoreSettings#MAX_LOOKUPS} threads are all
 * stuck in a hung store, is a store failure (503), never a hung request thread and never an admitted user. The
 * caller's context class loader goes with the look-up, since JAAS loads its modules through it.
 */
final class TimedUserStore implements UserStore {

    private final UserStore delegate;
    private final long timeoutNanos;
    private final ThreadPoolExecutor lookups;

    TimedUserStore(UserStore delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeoutNanos = timeout.toNanos();
        this.lookups = new ThreadPoolExecutor(0, StoreSettings.MAX_LOOKUPS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.named("remote-user-auth-store"));
    }

    @Override
    public boolean answersByNameOnly() {
        return delegate.answersByNameOnly();
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        Future<Optional<StoredUser>> answer;
        try {
            answer = lookups.submit(() -> {
                Thread thread = Thread.currentThread();
                thread.setContextClassLoader(callerLoader);
                try {
                    return delegate.find(asserted);
                } finally {
                    thread.setContextClassLoader(null);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new UserStoreException("user store busy: " + StoreSettings.MAX_LOOKUPS + " look-ups already waiting");
        }
        try {
            return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new UserStoreException("user store did not answer within "
                    + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new UserStoreException("interrupted while waiting for the user store");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UserStoreException failure) {
                throw failure;
            }
            throw new UserStoreException("user store failed", e.getCause());
        }
    }
}
