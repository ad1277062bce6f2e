package dev.remoteuser.jwt;

import dev.remoteuser.core.assertion.AssertionVerifier.AssertionException;
import dev.remoteuser.core.internal.LogSafe;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The key source of AWS ALB: one PEM public key per key id at {@code BASE/KID}. A key, once fetched, is kept (ALB
 * never changes the key behind an id). Only key ids of ALB's shape (letters, digits and dashes) ever reach the URL.
 *
 * <p>Forged key ids are cheap (any UUID has ALB's shape), so fetching is budgeted: at most one fetch per {@link
 * #MIN_FETCH_INTERVAL}, one at a time, off the request threads ({@link BackgroundFetch}). Which key id gets the next
 * fetch is decided by demand, not by who asks first: every request for a key id not yet known counts for it, and the
 * key id asked for most since it was first seen (the oldest on a tie) is fetched next. A genuinely new key is asked
 * for by every request of every user until it is fetched, while a flood of distinct forged ids gives each one a
 * single request, so the genuine key wins the next fetch even during the flood. A key id the server does not know
 * (404) is remembered for {@link #UNKNOWN_FOR} and refused at once without another fetch; a key id nobody asked for
 * again within {@link #PENDING_FOR} is forgotten.
 */
final class PemKeySource implements KeySource {

    /** Least time between two fetches of keys not yet known: 1 second. */
    static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(1);
    /** How long a key id the server answered 404 for is refused without asking again: 5 minutes. */
    static final Duration UNKNOWN_FOR = Duration.ofMinutes(5);
    /** How long a key id waits for a fetch without being asked for again: 10 seconds. */
    static final Duration PENDING_FOR = Duration.ofSeconds(10);
    /** Most keys kept; ALB uses a handful. */
    static final int MAX_KEYS = 64;
    /** Most key ids waiting for a fetch, and most remembered as unknown. */
    static final int MAX_PENDING = 1_024;
    static final int MAX_UNKNOWN = 4_096;

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final System.Logger LOG = System.getLogger("dev.remoteuser.jwt");

    private final String base;
    private final Fetcher fetcher;
    private final LongSupplier nanoClock;
    private final long minFetchIntervalNanos;
    private final BackgroundFetch fetches;
    private final Map<String, JWK> keys = new ConcurrentHashMap<>();

    /** Guarded by {@code this}: key ids waiting for a fetch, how often asked, first and last asked. */
    private final Map<String, Demand> pending = new HashMap<>();
    /** Guarded by {@code this}: key ids the server does not know, to when they were answered 404 (oldest first). */
    private final LinkedHashMap<String, Long> unknown = new LinkedHashMap<>();
    /** Guarded by {@code this}. */
    private boolean attempted;
    private long attemptedAt;
    /** Guarded by {@code this}: the key id of the last fetch started. */
    private String fetching;
    private volatile boolean lastFetchFailed;

    private static final class Demand {
        final long firstAsked;
        long lastAsked;
        long requests;

        Demand(long now) {
            firstAsked = now;
        }
    }

    /** A key server fetched on the calling thread (tests with a fake server and clock). */
    PemKeySource(URI base, Fetcher fetcher, LongSupplier nanoClock, Duration minFetchInterval) {
        this(base, fetcher, nanoClock, minFetchInterval, BackgroundFetch.onCallingThread());
    }

    PemKeySource(URI base, Fetcher fetcher, LongSupplier nanoClock, Duration minFetchInterval,
            BackgroundFetch fetches) {
        String text = base.toString();
        this.base = text.endsWith("/") ? text : text + "/";
        this.fetcher = fetcher;
        this.nanoClock = nanoClock;
        this.minFetchIntervalNanos = minFetchInterval.toNanos();
        this.fetches = fetches;
    }

    @Override
    public List<JWK> candidates(String kid) throws AssertionException {
        if (kid == null || !KEY_ID.matcher(kid).matches()) {
            throw new AssertionException("the key id is missing or not an ALB key id", false);
        }
        JWK known = keys.get(kid);
        if (known != null) {
            return List.of(known);
        }
        CompletableFuture<Void> fetch = ask(kid);
        if (fetch != null) {
            fetches.await(fetch);
            known = keys.get(kid);
            if (known != null) {
                return List.of(known);
            }
        }
        synchronized (this) {
            if (isUnknown(kid, nanoClock.getAsLong())) {
                throw new AssertionException("the key server does not know the token's key id", false);
            }
        }
        throw new AssertionException(lastFetchFailed ? "key fetch failed" : "key not fetched yet", true);
    }

    /** Counts one request for {@code kid}; starts the next fetch when the budget allows; the fetch to wait for. */
    private synchronized CompletableFuture<Void> ask(String kid) throws AssertionException {
        long now = nanoClock.getAsLong();
        if (isUnknown(kid, now)) {
            throw new AssertionException("the key server does not know the token's key id", false);
        }
        Demand demand = pending.get(kid);
        if (demand == null) {
            forgetIdle(now);
            if (pending.size() >= MAX_PENDING) {
                dropLeastAsked();
            }
            demand = new Demand(now);
            pending.put(kid, demand);
        }
        demand.requests++;
        demand.lastAsked = now;
        if (fetches.running()) {
            // only a request for the key being fetched waits for it; any other is answered at once
            return kid.equals(fetching) ? fetches.current() : null;
        }
        if (attempted && now - attemptedAt < minFetchIntervalNanos) {
            return null;
        }
        String next = mostAsked(now);
        pending.remove(next);
        attempted = true;
        attemptedAt = now;
        fetching = next;
        CompletableFuture<Void> fetch = fetches.start(() -> fetch(next));
        return next.equals(kid) ? fetch : null;
    }

    private boolean isUnknown(String kid, long now) {
        Long answeredAt = unknown.get(kid);
        if (answeredAt == null) {
            return false;
        }
        if (now - answeredAt < UNKNOWN_FOR.toNanos()) {
            return true;
        }
        unknown.remove(kid);
        return false;
    }

    /** The waiting key id asked for most often, the longest-waiting one on a tie. */
    private String mostAsked(long now) {
        String best = null;
        Demand bestDemand = null;
        for (Map.Entry<String, Demand> entry : pending.entrySet()) {
            Demand demand = entry.getValue();
            if (bestDemand == null || demand.requests > bestDemand.requests
                    || demand.requests == bestDemand.requests && demand.firstAsked < bestDemand.firstAsked) {
                best = entry.getKey();
                bestDemand = demand;
            }
        }
        return best;
    }

    private void forgetIdle(long now) {
        long idle = PENDING_FOR.toNanos();
        pending.values().removeIf(demand -> now - demand.lastAsked > idle);
    }

    /**
     * Makes room: drops the key id asked for least, the one asked for longest ago among those. Never the newest on a
     * tie, so a genuine key id that just arrived is not pushed out by the next forged one.
     */
    private void dropLeastAsked() {
        String least = null;
        Demand leastDemand = null;
        for (Map.Entry<String, Demand> entry : pending.entrySet()) {
            Demand demand = entry.getValue();
            if (leastDemand == null || demand.requests < leastDemand.requests
                    || demand.requests == leastDemand.requests && demand.lastAsked < leastDemand.lastAsked) {
                least = entry.getKey();
                leastDemand = demand;
            }
        }
        pending.remove(least);
    }

    private void fetch(String kid) {
        try {
            JWK key = parse(fetcher.get(URI.create(base + kid)), kid);
            if (keys.size() >= MAX_KEYS) {
                keys.clear();
            }
            keys.put(kid, key);
            lastFetchFailed = false;
        } catch (HttpFetcher.NotFound | AssertionException e) {
            lastFetchFailed = false;
            rememberUnknown(kid);
        } catch (IOException | RuntimeException e) {
            lastFetchFailed = true;
            LOG.log(System.Logger.Level.WARNING, "remote-user-auth: cannot fetch ALB key " + kid + " from " + base
                    + " (" + e.getClass().getSimpleName() + ": " + LogSafe.escape(e.getMessage(), 200) + ")");
        }
    }

    private synchronized void rememberUnknown(String kid) {
        unknown.put(kid, nanoClock.getAsLong());
        if (unknown.size() > MAX_UNKNOWN) {
            Iterator<String> oldest = unknown.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** A PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo) holding a P-256 key. */
    static JWK parse(String pem, String kid) throws AssertionException {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(der));
            return new ECKey.Builder(Curve.forECParameterSpec(publicKey.getParams()), publicKey).keyID(kid).build();
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException | NullPointerException e) {
            throw new AssertionException("the key server's answer is not an EC public key", false);
        }
    }
}
