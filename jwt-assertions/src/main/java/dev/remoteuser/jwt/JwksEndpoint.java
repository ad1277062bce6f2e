package dev.remoteuser.jwt;

import com.nimbusds.jose.jwk.JWK;
import dev.remoteuser.core.AssertionVerifier.AssertionException;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A JWKS endpoint, fetched on first use and cached. The set is refreshed when it is older than {@link #REFRESH_AFTER}
 * (without holding up requests when another thread is already fetching) and when a token names an unknown
 * {@code kid}, but never more often than once per {@link #MIN_FETCH_INTERVAL}, so forged key ids cannot turn us into
 * a flood against the proxy's key server. When the endpoint is down the known keys keep working; a token with an
 * unknown key then fails closed with {@code keysUnavailable} (503).
 */
final class JwksEndpoint implements KeySource {

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
    private final ReentrantLock fetching = new ReentrantLock();

    private volatile List<JWK> keys = List.of();
    private volatile boolean loaded;
    private volatile boolean lastFetchFailed;
    private volatile long loadedAt;
    private boolean attempted;
    private long attemptedAt;

    JwksEndpoint(URI url, Fetcher fetcher, LongSupplier nanoClock, Duration refreshAfter, Duration minFetchInterval) {
        this.url = url;
        this.fetcher = fetcher;
        this.nanoClock = nanoClock;
        this.refreshAfterNanos = refreshAfter.toNanos();
        this.minFetchIntervalNanos = minFetchInterval.toNanos();
    }

    @Override
    public List<JWK> candidates(String kid) throws AssertionException {
        if (!loaded) {
            refresh(true);
        } else if (nanoClock.getAsLong() - loadedAt > refreshAfterNanos) {
            refresh(false);
        }
        List<JWK> found = KeySource.select(keys, kid);
        if (found.isEmpty() && kid != null && loaded) {
            refresh(true);
            found = KeySource.select(keys, kid);
        }
        if (found.isEmpty()) {
            boolean unavailable = !loaded || lastFetchFailed;
            throw new AssertionException(unavailable ? "key set unavailable" : "no key with the token's key id",
                    unavailable);
        }
        return found;
    }

    /**
     * Fetches the set unless the last attempt was too recent.
     *
     * @param wait whether to wait for a fetch another thread is running (needed when the keys at hand cannot help)
     */
    private void refresh(boolean wait) {
        if (wait) {
            fetching.lock();
        } else if (!fetching.tryLock()) {
            return;
        }
        try {
            long now = nanoClock.getAsLong();
            if (attempted && now - attemptedAt < minFetchIntervalNanos) {
                return;
            }
            attempted = true;
            attemptedAt = now;
            try {
                List<JWK> fetched = KeySource.publicKeys(fetcher.get(url));
                keys = fetched;
                loadedAt = now;
                loaded = true;
                lastFetchFailed = false;
            } catch (IOException | ParseException | RuntimeException e) {
                lastFetchFailed = true;
                LOG.log(System.Logger.Level.WARNING, "remote-user-auth: cannot fetch the key set from " + url + " ("
                        + e.getClass().getSimpleName() + "); " + (loaded ? "keeping the " + keys.size()
                        + " known keys" : "no keys known yet, tokens are refused with 503"));
            }
        } finally {
            fetching.unlock();
        }
    }
}
