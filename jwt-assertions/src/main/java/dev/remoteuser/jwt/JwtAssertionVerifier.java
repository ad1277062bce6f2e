package dev.remoteuser.jwt;

import dev.remoteuser.core.assertion.AssertionSettings;
import dev.remoteuser.core.assertion.AssertionVerifier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Verifies a compact JWS the way the settings pin it. In order: the token's shape (three base64url parts, no JWE, at
 * most 16 KiB), {@code alg} among the configured asymmetric algorithms (exact spelling), no {@code crit} and no nested
 * token, the dialect's header checks (ALB's {@code signer}, see {@link TokenDialect}), the signature with a key from the configured source chosen by {@code kid} and
 * matching the algorithm's key type and curve ({@code jku}, {@code x5u}, {@code jwk} and {@code x5c} in the token
 * are never used), then {@code exp} (required), {@code nbf}, {@code iat}, {@code iss} (exact), {@code aud} and the
 * user claim.
 */
final class JwtAssertionVerifier implements AssertionVerifier {

    private static final int MIN_RSA_BITS = 2048;

    private final AssertionSettings settings;
    private final KeySource keys;
    private final Clock clock;
    private final TokenDialect dialect;

    JwtAssertionVerifier(AssertionSettings settings, KeySource keys) {
        this(settings, keys, Clock.systemUTC());
    }

    JwtAssertionVerifier(AssertionSettings settings, KeySource keys, Clock clock) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
        this.dialect = TokenDialect.of(settings);
    }

    @Override
    public Verified verify(String token) throws AssertionException {
        if (token.length() > AssertionSettings.MAX_TOKEN_LENGTH || !dialect.compactForm().matcher(token).matches()) {
            throw invalid("not a compact JWS");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw invalid("unparsable token");
        }
        JWSHeader header = jwt.getHeader();
        String alg = header.getAlgorithm().getName();
        if (!settings.algorithms().contains(alg)) {
            throw invalid("algorithm not allowed");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw invalid("critical header parameters are not supported");
        }
        if (header.getContentType() != null) {
            throw invalid("nested tokens are not accepted");
        }
        dialect.checkHeader(header);
        checkSignature(jwt, header.getAlgorithm(), keys.candidates(header.getKeyID()));
        checkClaims(header, claims);
        // the claims as the token wrote them: the parsed set turns a numeric "sub" into a string
        Map<String, Object> written = jwt.getPayload().toJSONObject();
        return new Verified(user(written), groups(claims));
    }

    /** Whether one of the candidate keys, of the algorithm's type and size, verifies the signature. */
    private static void checkSignature(SignedJWT jwt, JWSAlgorithm alg, List<JWK> candidates)
            throws AssertionException {
        boolean usableKey = false;
        for (JWK key : candidates) {
            JWSVerifier verifier = verifierFor(key, alg);
            if (verifier == null) {
                continue;
            }
            usableKey = true;
            try {
                if (jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException | RuntimeException e) {
                // a failed verification, like a false answer
            }
        }
        throw invalid(usableKey ? "bad signature" : "no key of the algorithm's type");
    }

    /** A verifier for this key and algorithm, or null when the key must not be used for it. */
    private static JWSVerifier verifierFor(JWK key, JWSAlgorithm alg) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())
                || key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return null;
        }
        try {
            if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECKey ec
                    && Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
                return new ECDSAVerifier(ec);
            }
            if ((JWSAlgorithm.Family.RSA.contains(alg)) && key instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
                return new RSASSAVerifier(rsa);
            }
        } catch (JOSEException e) {
            return null;
        }
        return null;
    }

    private void checkClaims(JWSHeader header, JWTClaimsSet claims) throws AssertionException {
        Instant now = clock.instant();
        long skew = settings.clockSkew().toSeconds();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("no exp");
        }
        if (now.isAfter(exp.toInstant().plusSeconds(skew))) {
            throw invalid("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plusSeconds(skew).isBefore(nbf.toInstant())) {
            throw invalid("not yet valid");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plusSeconds(skew).isBefore(iat.toInstant())) {
            throw invalid("issued in the future");
        }
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw invalid("wrong issuer");
        }
        dialect.checkAudience(header, claims);
    }

    /** The user claim, which must be a non-empty JSON string as written (a number is refused, not converted). */
    private String user(Map<String, Object> written) throws AssertionException {
        Object user = written == null ? null : written.get(settings.userClaim());
        if (user instanceof String name && !name.isEmpty()) {
            return name;
        }
        throw invalid(user == null || "".equals(user) ? "no user claim" : "the user claim is not a string");
    }

    private List<String> groups(JWTClaimsSet claims) throws AssertionException {
        if (settings.groupsClaim().isEmpty()) {
            return List.of();
        }
        Object value = claims.getClaim(settings.groupsClaim().get());
        if (value == null) {
            return List.of();
        }
        if (value instanceof String group) {
            return List.of(group);
        }
        if (value instanceof List<?> list) {
            List<String> groups = new ArrayList<>();
            for (Object group : list) {
                if (!(group instanceof String name)) {
                    throw invalid("groups claim holds a non-string");
                }
                groups.add(name);
            }
            return groups;
        }
        throw invalid("groups claim is not a string or an array of strings");
    }

    private static AssertionException invalid(String why) {
        return new AssertionException(why, false);
    }
}
