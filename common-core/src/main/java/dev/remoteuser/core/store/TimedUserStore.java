package dev.remoteuser.core.store;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.internal.DaemonThreads;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a request waits for the user store ({@code userStoreTimeout}): the look-up runs on a small pool of
 * daemon threads, and a store that does not answer in time, or a pool whose {@value StoreSettings#MAX_LOOKUPS} threads are all
 * stuck in a hung store, is a store failure (503), never a hung request thread and never an admitted user. The
 * caller's context class loader goes with the look-up, since JAAS loads its modules through it.
 */
final class TimedUserStore implements UserStore {

    private final UserStore delegate;
    private final Duration timeout;
    private final ThreadPoolExecutor lookups;

    TimedUserStore(UserStore delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeout = timeout;
        this.lookups = new ThreadPoolExecutor(0, StoreSettings.MAX_LOOKUPS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.named("remote-user-auth-store"));
    }

    @Override
    public boolean answersByNameOnly() {
        return delegate.answersByNameOnly();
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
        Future<Optional<StoredUser>> answer = submit(asserted);
        return LookUpWait.await(answer, timeout, () -> answer.cancel(true));
    }

    /** Starts the look-up on the pool, with the caller's context class loader. */
    private Future<Optional<StoredUser>> submit(Identity asserted) throws UserStoreException {
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        try {
            return lookups.submit(() -> {
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
    }
}
