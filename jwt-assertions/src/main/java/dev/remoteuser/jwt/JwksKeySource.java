package dev.remoteuser.jwt;

import dev.remoteuser.core.assertion.AssertionVerifier.AssertionException;
import dev.remoteuser.core.internal.LogSafe;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The key source of a JWKS endpoint: the set is fetched on first use and cached, and refreshed when it is older than
 * {@link #REFRESH_AFTER} (in the background, the known keys serving meanwhile) and when a token names an unknown
 * {@code kid}, but never more often than once per {@link #MIN_FETCH_INTERVAL}, so forged key ids cannot turn us into a
 * flood against the proxy's key server. Fetches run one at a time off the request threads ({@link BackgroundFetch}): a
 * request waits for one at most {@link BackgroundFetch#MAX_WAIT}. When the endpoint is down or slow the known keys
 * keep working; a token with an unknown key then fails closed with {@code keysUnavailable} (503).
 */
final class JwksKeySource implements KeySource {

    /** Age after which the key set is fetched again (keys removed by the proxy stop working then): 5 minutes. */
    static final Duration REFRESH_AFTER = Duration.ofMinutes(5);
    /** Least time between two fetches: 15 seconds. */
    static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(15);

    private static final System.Logger LOG = System.getLogger("dev.remoteuser.jwt");

    private final URI url;
    private final Fetcher fetcher;
    private final LongSupplier nanoClock;
    private final long refreshAfterNanos;
    private final long minFetchIntervalNanos;
    private final BackgroundFetch fetches;

    private volatile List<JWK> keys = List.of();
    private volatile boolean loaded;
    private volatile boolean lastFetchFailed;
    private volatile long loadedAt;
    /** Guarded by {@code this}. */
    private boolean attempted;
    private long attemptedAt;

    /** An endpoint fetched on the calling thread (tests with a fake server and clock). */
    JwksKeySource(URI url, Fetcher fetcher, LongSupplier nanoClock, Duration refreshAfter, Duration minFetchInterval) {
        this(url, fetcher, nanoClock, refreshAfter, minFetchInterval, BackgroundFetch.onCallingThread());
    }

    JwksKeySource(URI url, Fetcher fetcher, LongSupplier nanoClock, Duration refreshAfter, Duration minFetchInterval,
            BackgroundFetch fetches) {
        this.url = url;
        this.fetcher = fetcher;
        this.nanoClock = nanoClock;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.minFetchIntervalNanos = minFetchInterval.toNanos();
        this.fetches = fetches;
    }

    @Override
    public List<JWK> candidates(String kid) throws AssertionException {
        if (!loaded) {
            awaitRefresh();
        } else if (nanoClock.getAsLong() - loadedAt > refreshAfterNanos) {
            refresh();
        }
        List<JWK> found = KeySource.select(keys, kid);
        if (found.isEmpty() && kid != null && loaded) {
            // only the request that starts the fetch waits for it: during a flood of forged key ids and a slow
            // endpoint, the others are answered at once instead of each holding a request thread
            CompletableFuture<Void> fetch = startRefresh();
            if (fetch != null) {
                fetches.await(fetch);
            }
            found = KeySource.select(keys, kid);
        }
        if (found.isEmpty()) {
            boolean unavailable = !loaded || lastFetchFailed || fetches.running();
            throw new AssertionException(unavailable ? "key set unavailable" : "no key with the token's key id",
                    unavailable);
        }
        return found;
    }

    /** Starts a fetch if the rate limit allows and waits a bounded time for the one in flight. */
    private void awaitRefresh() {
        CompletableFuture<Void> fetch = refresh();
        if (fetch != null) {
            fetches.await(fetch);
        }
    }

    /** The fetch in flight, a new one unless the last attempt was too recent, or null. */
    private synchronized CompletableFuture<Void> refresh() {
        return fetches.running() ? fetches.current() : startRefresh();
    }

    /** A new fetch unless one is in flight or the last attempt was too recent; null otherwise. */
    private synchronized CompletableFuture<Void> startRefresh() {
        if (fetches.running()) {
            return null;
        }
        long now = nanoClock.getAsLong();
        if (attempted && now - attemptedAt < minFetchIntervalNanos) {
            return null;
        }
        attempted = true;
        attemptedAt = now;
        return fetches.start(() -> fetch(now));
    }

    private void fetch(long startedAt) {
        try {
            List<JWK> fetched = KeySource.publicKeys(fetcher.get(url));
            keys = fetched;
            loadedAt = startedAt;
            loaded = true;
            lastFetchFailed = false;
        } catch (IOException | ParseException | RuntimeException e) {
            lastFetchFailed = true;
            LOG.log(System.Logger.Level.WARNING, "remote-user-auth: cannot fetch the key set from " + url + " ("
                    + e.getClass().getSimpleName() + ": " + LogSafe.escape(e.getMessage(), 200)
                    + "); " + (loaded ? "keeping the " + keys.size() + " known keys"
                    : "no keys known yet, tokens are refused with 503"));
        }
    }
}
