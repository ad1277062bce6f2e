package dev.remoteuser.jwt;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.remoteuser.core.AssertionVerifier.AssertionException;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * AWS ALB's key server: one PEM public key per key id at {@code BASE/KID}. A key, once fetched, is kept (ALB never
 * changes the key behind an id). Only key ids of ALB's shape (letters, digits and dashes) ever reach the URL, and an
 * unknown id is fetched at most once per {@link #MIN_FETCH_INTERVAL} overall, so forged ids cannot flood the server.
 */
final class PemKeyServer implements KeySource {

    /** Least time between two fetches of keys not yet known: 1 second. */
    static final Duration MIN_FETCH_INTERVAL = Duration.ofSeconds(1);
    /** Most keys kept; ALB uses a handful. */
    static final int MAX_KEYS = 64;

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9-]{1,128}");
    private static final System.Logger LOG = System.getLogger("dev.remoteuser.jwt");

    private final String base;
    private final Fetcher fetcher;
    private final LongSupplier nanoClock;
    private final long minFetchIntervalNanos;
    private final Map<String, JWK> keys = new ConcurrentHashMap<>();
    private boolean attempted;
    private long attemptedAt;

    PemKeyServer(URI base, Fetcher fetcher, LongSupplier nanoClock, Duration minFetchInterval) {
        String text = base.toString();
        this.base = text.endsWith("/") ? text : text + "/";
        this.fetcher = fetcher;
        this.nanoClock = nanoClock;
        this.minFetchIntervalNanos = minFetchInterval.toNanos();
    }

    @Override
    public List<JWK> candidates(String kid) throws AssertionException {
        if (kid == null || !KEY_ID.matcher(kid).matches()) {
            throw new AssertionException("the key id is missing or not an ALB key id", false);
        }
        JWK known = keys.get(kid);
        return List.of(known != null ? known : fetch(kid));
    }

    private synchronized JWK fetch(String kid) throws AssertionException {
        JWK known = keys.get(kid);
        if (known != null) {
            return known;
        }
        long now = nanoClock.getAsLong();
        if (attempted && now - attemptedAt < minFetchIntervalNanos) {
            throw new AssertionException("key fetch rate limit", true);
        }
        attempted = true;
        attemptedAt = now;
        String pem;
        try {
            pem = fetcher.get(URI.create(base + kid));
        } catch (HttpFetcher.NotFound e) {
            throw new AssertionException("the key server does not know the token's key id", false);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "remote-user-auth: cannot fetch ALB key " + kid + " from " + base
                    + " (" + e.getClass().getSimpleName() + ")");
            throw new AssertionException("key fetch failed", true);
        }
        JWK key = parse(pem, kid);
        if (keys.size() >= MAX_KEYS) {
            keys.clear();
        }
        keys.put(kid, key);
        return key;
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
