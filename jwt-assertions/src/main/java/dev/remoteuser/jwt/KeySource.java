package dev.remoteuser.jwt;

import dev.remoteuser.core.assertion.AssertionVerifier.AssertionException;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/** Where verification keys come from: a fixed JWKS file, a JWKS endpoint, or ALB's per-key PEM server. */
sealed interface KeySource permits KeySource.Fixed, JwksKeySource, PemKeySource {

    /**
     * The public keys that may have signed a token with this key id.
     *
     * @param kid the token's {@code kid}, or null when it has none (then every key is a candidate)
     * @throws AssertionException when no key matches; {@code keysUnavailable} when that is because the source could
     *                            not be reached
     */
    List<JWK> candidates(String kid) throws AssertionException;

    /** A fixed key set, parsed from JWKS JSON; private parts, if any, are dropped. */
    static KeySource fixed(String jwks) throws ParseException {
        List<JWK> keys = publicKeys(jwks);
        if (keys.isEmpty()) {
            throw new ParseException("no public keys", 0);
        }
        return new Fixed(keys);
    }

    /** The public halves of a JWKS document's keys. */
    static List<JWK> publicKeys(String jwks) throws ParseException {
        List<JWK> keys = new ArrayList<>();
        for (JWK key : JWKSet.parse(jwks).getKeys()) {
            JWK publicKey = key.toPublicJWK();
            if (publicKey != null) {
                keys.add(publicKey);
            }
        }
        return List.copyOf(keys);
    }

    /** The keys with this id; with no id, all of them. */
    static List<JWK> select(List<JWK> keys, String kid) {
        if (kid == null) {
            return keys;
        }
        return keys.stream().filter(k -> kid.equals(k.getKeyID())).toList();
    }

    /** Fetches a document over HTTP(S); the production one is {@link HttpFetcher#get}. */
    @FunctionalInterface
    interface Fetcher {
        String get(URI uri) throws IOException;
    }

    /** A key set that never changes. */
    record Fixed(List<JWK> keys) implements KeySource {
        @Override
        public List<JWK> candidates(String kid) throws AssertionException {
            List<JWK> found = select(keys, kid);
            if (found.isEmpty()) {
                throw new AssertionException("no key with the token's key id", false);
            }
            return found;
        }
    }
}
