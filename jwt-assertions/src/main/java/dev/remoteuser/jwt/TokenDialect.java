package dev.remoteuser.jwt;

import dev.remoteuser.core.assertion.AssertionProfile;
import dev.remoteuser.core.assertion.AssertionSettings;
import dev.remoteuser.core.assertion.AssertionVerifier.AssertionException;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import java.util.regex.Pattern;

/**
 * Where a profile's tokens differ from a standard signed JWT, in one place: only AWS ALB's do. ALB pads the token's
 * base64url parts with {@code =}, names the load balancer in a {@code signer} header that must equal
 * {@code assertionSigner}, puts the OIDC client id in a {@code client} header instead of an {@code aud} claim, and
 * serves one PEM key per key id instead of a JWKS (see {@link PemKeySource}); the core's {@link AssertionProfile}
 * reads the region, and so the key URL, from the ARN.
 */
sealed interface TokenDialect permits TokenDialect.Standard, TokenDialect.Alb {

    /** The dialect of these settings' profile. */
    static TokenDialect of(AssertionSettings settings) {
        return settings.profile() == AssertionProfile.ALB ? new Alb(settings) : new Standard(settings);
    }

    /** The shape of the compact serialization: three base64url parts. */
    Pattern compactForm();

    /** Checks the header fields the dialect adds. */
    void checkHeader(JWSHeader header) throws AssertionException;

    /** Checks that the token is meant for this application: its audience, or ALB's client. */
    void checkAudience(JWSHeader header, JWTClaimsSet claims) throws AssertionException;

    /** Whether the keys are one PEM document per key id under the key URL, rather than a JWKS. */
    boolean pemKeysPerKeyId();

    /** A standard signed JWT: unpadded parts, {@code aud} must contain an accepted audience, a JWKS. */
    record Standard(AssertionSettings settings) implements TokenDialect {
        private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

        @Override
        public Pattern compactForm() {
            return COMPACT;
        }

        @Override
        public void checkHeader(JWSHeader header) {
            // nothing beyond the standard header
        }

        @Override
        public void checkAudience(JWSHeader header, JWTClaimsSet claims) throws AssertionException {
            if (claims.getAudience().stream().noneMatch(settings.audience()::contains)) {
                throw new AssertionException("wrong audience", false);
            }
        }

        @Override
        public boolean pemKeysPerKeyId() {
            return false;
        }
    }

    /** AWS ALB's {@code x-amzn-oidc-data}. */
    record Alb(AssertionSettings settings) implements TokenDialect {
        private static final Pattern COMPACT_PADDED =
                Pattern.compile("[A-Za-z0-9_-]+={0,2}\\.[A-Za-z0-9_-]+={0,2}\\.[A-Za-z0-9_-]+={0,2}");

        @Override
        public Pattern compactForm() {
            return COMPACT_PADDED;
        }

        @Override
        public void checkHeader(JWSHeader header) throws AssertionException {
            if (!settings.signer().orElseThrow().equals(header.getCustomParam("signer"))) {
                throw new AssertionException("signer is not the configured load balancer", false);
            }
        }

        /** {@code audience}, when set, must contain the token's {@code client}; ALB tokens carry no {@code aud}. */
        @Override
        public void checkAudience(JWSHeader header, JWTClaimsSet claims) throws AssertionException {
            Object client = header.getCustomParam("client");
            if (!settings.audience().isEmpty() && !settings.audience().contains(client)) {
                throw new AssertionException("wrong client", false);
            }
        }

        @Override
        public boolean pemKeysPerKeyId() {
            return true;
        }
    }
}
