package dev.remoteuser.jwt;

import dev.remoteuser.core.internal.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Key fetches of one key source, one at a time, off the request threads. A request that needs a key waits for the
 * fetch in flight at most {@link #MAX_WAIT} and is then refused with 503 (the fetch goes on and serves later
 * requests), so a slow or hanging key server never holds request threads for longer, and never gets more than one
 * connection from us at a time.
 */
final class BackgroundFetch {

    /** Longest a request waits for a key fetch: 2 seconds. */
    static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final Executor executor;
    private final long maxWaitNanos;
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    private BackgroundFetch(Executor executor, Duration maxWait) {
        this.executor = executor;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Fetches on one daemon thread that ends after 30 idle seconds. It has no context class loader, so it never pins
     * a webapp's loader (the first request to need a key may come from any webapp).
     */
    static BackgroundFetch onDaemonThread(Duration maxWait) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named("remote-user-auth-keys"));
        pool.allowCoreThreadTimeOut(true);
        return new BackgroundFetch(pool, maxWait);
    }

    /** Fetches on the calling thread (tests with a fake key server and clock). */
    static BackgroundFetch onCallingThread() {
        return new BackgroundFetch(Runnable::run, MAX_WAIT);
    }

    /** Starts {@code fetch} unless one is in flight; either way returns the fetch in flight. */
    synchronized CompletableFuture<Void> start(Runnable fetch) {
        if (inFlight.isDone()) {
            inFlight = CompletableFuture.runAsync(fetch, executor);
        }
        return inFlight;
    }

    /** Whether a fetch is running now. */
    synchronized boolean running() {
        return !inFlight.isDone();
    }

    /** The fetch in flight, or a finished one. */
    synchronized CompletableFuture<Void> current() {
        return inFlight;
    }

    /** Waits for {@code fetch} at most {@link #MAX_WAIT}; whether it finished. */
    boolean await(CompletableFuture<Void> fetch) {
        try {
            fetch.get(maxWaitNanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
