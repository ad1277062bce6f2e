package dev.remoteuser.core.assertion;

import dev.remoteuser.core.config.OptionReader;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The validated signed-assertion options, profile defaults applied, as an {@link AssertionVerifier.Provider} receives
 * them.
 *
 * @param profile     the preset the values came from
 * @param header      the header that carries the compact JWS
 * @param jwksUrl     where the keys are fetched (https, or http on a loopback host); for {@link AssertionProfile#ALB}
 *                    the base under which each key is {@code BASE/KID} in PEM form
 * @param jwksFile    a local JWKS file instead of a URL
 * @param issuer      the exact {@code iss} the token must carry
 * @param audience    accepted audiences: the token's {@code aud} must contain one (for ALB: its {@code client} must
 *                    equal one); empty only for ALB
 * @param algorithms  the accepted {@code alg} values, asymmetric only (RS, PS and ES families)
 * @param userClaim   the claim holding the user name (a string)
 * @param groupsClaim the claim holding the groups (an array of strings, or one string), if any
 * @param clockSkew   tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param signer      for ALB: the load balancer ARN the token's {@code signer} must equal
 */
public record AssertionSettings(AssertionProfile profile, String header, Optional<URI> jwksUrl,
                                Optional<Path> jwksFile, String issuer, Set<String> audience,
                                Set<String> algorithms, String userClaim, Optional<String> groupsClaim,
                                Duration clockSkew, Optional<String> signer) {

    /**
     * Longest signed assertion accepted, in characters; a longer one is refused (401) before any parsing. Proxies'
     * tokens are well under 4 KiB.
     */
    public static final int MAX_TOKEN_LENGTH = 16_384;

    /**
     * Reads the signed-assertion options, applying the profile's defaults, when {@code assertionProfile} or {@code
     * assertionHeader} is set; otherwise reports every assertion option that is set as unused.
     */
    public static Optional<AssertionSettings> read(OptionReader options) {
        return AssertionOptions.read(options);
    }

    /** Every signed-assertion option's effective value (the profile's defaults applied), for the startup log. */
    public String describe() {
        return "assertionProfile=" + profile.key() + ", assertionHeader=" + header + ", issuer=" + issuer + ", keys="
                + jwksUrl.map(URI::toString).orElseGet(() -> jwksFile.map(Object::toString).orElse("none"))
                + ", jwksUrl=" + jwksUrl.map(URI::toString).orElse("none")
                + ", jwksFile=" + jwksFile.map(Object::toString).orElse("none") + ", audience=" + audience
                + ", algorithms=" + algorithms + ", userClaim=" + userClaim
                + ", groupsClaim=" + groupsClaim.orElse("none") + ", clockSkew=" + clockSkew.toSeconds()
                + ", assertionSigner=" + signer.orElse("none");
    }

    /** What the startup log says of the assertion options when signed assertions are off. */
    public static String describeOff() {
        return "assertionProfile=none, assertionHeader=none, jwksUrl=none, jwksFile=none, issuer=none, audience=none,"
                + " algorithms=none, userClaim=none, groupsClaim=none, clockSkew=unused, assertionSigner=none";
    }
}
