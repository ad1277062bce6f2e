package dev.remoteuser.core.store;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A request waiting for a user-store look-up that runs on another thread: at most a limit, and every way the wait
 * can end without an answer is the store failure the request is refused with (503), never a hung request and never
 * an admitted user. One place for the timed store's own look-ups and for requests waiting for another's.
 */
final class LookUpWait {

    private LookUpWait() {
    }

    /**
     * The look-up's answer, or its failure.
     *
     * @param limit    the longest wait ({@code userStoreTimeout})
     * @param onGiveUp runs when the wait ends without an answer (timed out or interrupted): the timed store cancels
     *                 its look-up there; a request waiting for another's look-up leaves it to its owner
     * @throws UserStoreException the store's own failure as it threw it (an {@link AccountDisabledException} stays
     *                            one), or the timeout, the interrupt or any other exception of the look-up
     */
    static <T> T await(Future<T> lookUp, Duration limit, Runnable onGiveUp) throws UserStoreException {
        try {
            return lookUp.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            onGiveUp.run();
            throw new UserStoreException("user store did not answer within " + limit.toMillis() + " ms");
        } catch (InterruptedException e) {
            onGiveUp.run();
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
