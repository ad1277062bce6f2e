package dev.remoteuser.core.assertion;

import java.util.List;

/**
 * Verifies the signed identity assertion (a compact JWS) a proxy sends with each request. The implementation lives in
 * the optional {@code remote-user-auth-jwt} jar, found through {@link java.util.ServiceLoader} only when
 * {@code assertionHeader} or {@code assertionProfile} is configured, so deployments without assertions never load a
 * JOSE library. Implementations are thread-safe.
 */
public interface AssertionVerifier {

    /**
     * Verifies one token: signature with a key from the configured source (never one named by the token), algorithm,
     * issuer, audience, expiry.
     *
     * @param token the header value as received
     * @return the user claim and groups claim of a valid token
     * @throws AssertionException when the token must not be accepted
     */
    Verified verify(String token) throws AssertionException;

    /**
     * What a valid token asserts.
     *
     * @param user   the user claim's value, not yet normalised
     * @param groups the groups claim's values, in token order; empty without a groups claim
     */
    record Verified(String user, List<String> groups) {
        public Verified {
            groups = List.copyOf(groups);
        }
    }

    /** Why a token was refused. Messages name the failed check and never contain the token. */
    final class AssertionException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean keysUnavailable;

        /**
         * @param message         which check failed
         * @param keysUnavailable true when the token could not be checked because its key could not be fetched (a
         *                        key source outage: 503), false when the token itself is bad (401)
         */
        public AssertionException(String message, boolean keysUnavailable) {
            super(message, null, false, false);
            this.keysUnavailable = keysUnavailable;
        }

        /** Whether the key source failed, rather than the token. */
        public boolean keysUnavailable() {
            return keysUnavailable;
        }
    }

    /** Creates verifiers; registered as a {@link java.util.ServiceLoader} service by the JWT jar. */
    interface Provider {
        /**
         * A verifier for these settings. Reads a {@code jwksFile} now; a URL is fetched on first use.
         *
         * @throws IllegalArgumentException when the settings cannot work (an unreadable key file); the message
         *                                  becomes a startup error
         */
        AssertionVerifier create(AssertionSettings settings);
    }
}
