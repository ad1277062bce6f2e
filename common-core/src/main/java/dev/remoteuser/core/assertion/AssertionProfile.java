package dev.remoteuser.core.assertion;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A preset for {@code assertionProfile}: the header, algorithms, claims and key location a known proxy uses. Any
 * option set explicitly overrides the preset's value.
 */
public enum AssertionProfile {
    /** Any proxy that signs a JWT: {@code assertionHeader}, a key source, issuer and audience must all be given. */
    GENERIC("generic", null, Set.of("RS256", "ES256"), "sub", null, null),
    /**
     * Google Cloud IAP: {@code x-goog-iap-jwt-assertion}, ES256, issuer {@code https://cloud.google.com/iap}, keys
     * from {@code https://www.gstatic.com/iap/verify/public_key-jwk}; the audience is
     * {@code /projects/NUMBER/global/backendServices/ID} (or {@code /projects/NUMBER/apps/PROJECT} on App Engine).
     */
    IAP("iap", "x-goog-iap-jwt-assertion", Set.of("ES256"), "email", null,
            "https://www.gstatic.com/iap/verify/public_key-jwk"),
    /**
     * Cloudflare Access: {@code Cf-Access-Jwt-Assertion}, RS256; the issuer is the team domain
     * ({@code https://TEAM.cloudflareaccess.com}), the keys come from {@code ISSUER/cdn-cgi/access/certs} and the
     * audience is the application's AUD tag.
     */
    CLOUDFLARE("cloudflare", "Cf-Access-Jwt-Assertion", Set.of("RS256"), "email", null, null),
    /**
     * AWS Application Load Balancer: {@code x-amzn-oidc-data}, ES256, one PEM key per {@code kid} under
     * {@code https://public-keys.auth.elb.REGION.amazonaws.com/KID} (the region is read from
     * {@code assertionSigner}, the load balancer's ARN, which must equal the token's {@code signer}). The issuer is
     * the identity provider's; {@code audience}, when set, must equal the token's {@code client} (the OIDC client id).
     */
    ALB("alb", "x-amzn-oidc-data", Set.of("ES256"), "email", null, null),
    /**
     * Pomerium: {@code X-Pomerium-Jwt-Assertion}, ES256; issuer and audience are the route's host name, the keys
     * come from {@code https://ROUTE/.well-known/pomerium/jwks.json}; groups in {@code groups}.
     */
    POMERIUM("pomerium", "X-Pomerium-Jwt-Assertion", Set.of("ES256"), "email", "groups", null);

    /** An ALB ARN; group 1 is the region. */
    private static final Pattern ALB_ARN =
            Pattern.compile("arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):[0-9]{12}:loadbalancer/\\S+");

    private final String key;
    private final String header;
    private final Set<String> algorithms;
    private final String userClaim;
    private final String groupsClaim;
    private final String jwksUrl;

    AssertionProfile(String key, String header, Set<String> algorithms, String userClaim, String groupsClaim,
                     String jwksUrl) {
        this.key = key;
        this.header = header;
        this.algorithms = algorithms;
        this.userClaim = userClaim;
        this.groupsClaim = groupsClaim;
        this.jwksUrl = jwksUrl;
    }

    /** The value of {@code assertionProfile}. */
    public String key() {
        return key;
    }

    Optional<String> header() {
        return Optional.ofNullable(header);
    }

    Set<String> algorithms() {
        return algorithms;
    }

    String userClaim() {
        return userClaim;
    }

    Optional<String> groupsClaim() {
        return Optional.ofNullable(groupsClaim);
    }

    /** The fixed key URL, if the proxy has one; Cloudflare and Pomerium derive theirs from the issuer. */
    Optional<String> jwksUrl(String issuer) {
        return switch (this) {
            case CLOUDFLARE -> Optional.ofNullable(issuer).map(i -> stripSlash(i) + "/cdn-cgi/access/certs");
            case POMERIUM -> Optional.ofNullable(issuer).map(i -> "https://" + i + "/.well-known/pomerium/jwks.json");
            default -> Optional.ofNullable(jwksUrl);
        };
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * For ALB: the key base URL of the load balancer this ARN names ({@code
     * https://public-keys.auth.elb.REGION.amazonaws.com}); empty when the text is not an ALB ARN.
     */
    static Optional<String> albKeyBase(String arn) {
        Matcher matcher = ALB_ARN.matcher(arn);
        return matcher.matches()
                ? Optional.of("https://public-keys.auth.elb." + matcher.group(1) + ".amazonaws.com")
                : Optional.empty();
    }
}
