package dev.remoteuser.core.assertion;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;
import dev.remoteuser.core.internal.HeaderValues;
import dev.remoteuser.core.internal.IpLiteral;
import dev.remoteuser.core.internal.LogSafe;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads the signed-assertion options into {@link AssertionSettings}, the profile's defaults applied. */
final class AssertionOptions {

    private static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");
    /** The options that mean something only with assertions on. */
    private static final List<Option> OPTIONS = List.of(Option.JWKS_URL, Option.JWKS_FILE, Option.ISSUER,
            Option.AUDIENCE, Option.ALGORITHMS, Option.USER_CLAIM, Option.GROUPS_CLAIM, Option.ASSERTION_SIGNER);
    private static final byte[] LOOPBACK_IPV6 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private final OptionReader options;

    private AssertionOptions(OptionReader options) {
        this.options = options;
    }

    static Optional<AssertionSettings> read(OptionReader options) {
        if (!options.isSet(Option.ASSERTION_PROFILE) && !options.isSet(Option.ASSERTION_HEADER)) {
            for (Option option : OPTIONS) {
                if (options.isSet(option)) {
                    options.problem(option.key() + ": only used with assertionProfile or assertionHeader");
                }
            }
            return Optional.empty();
        }
        return Optional.of(new AssertionOptions(options).read());
    }

    private AssertionSettings read() {
        AssertionProfile profile = options.isSet(Option.ASSERTION_PROFILE)
                ? options.choice(Option.ASSERTION_PROFILE, AssertionProfile.values(), AssertionProfile::key)
                : AssertionProfile.GENERIC;
        Optional<String> header = options.header(Option.ASSERTION_HEADER).or(profile::header);
        if (header.isEmpty()) {
            options.problem("assertionHeader: the generic profile needs the header that carries the token");
        }
        String issuer = options.text(Option.ISSUER).orElse(null);
        if (issuer == null && profile == AssertionProfile.IAP) {
            issuer = "https://cloud.google.com/iap";
        }
        if (issuer == null) {
            options.problem("issuer: required with assertionProfile=" + profile.key()
                    + " (the exact iss of the proxy's tokens)");
        } else if (!HeaderValues.isPrintable(issuer) || issuer.contains(" ")) {
            options.problem("issuer: '" + LogSafe.escape(issuer) + "' must be printable, without spaces");
        }
        Set<String> audience = new LinkedHashSet<>(options.items(Option.AUDIENCE));
        if (audience.isEmpty() && profile != AssertionProfile.ALB) {
            options.problem("audience: required with assertionProfile=" + profile.key()
                    + (profile == AssertionProfile.IAP ? " (/projects/NUMBER/global/backendServices/ID)"
                    : profile == AssertionProfile.CLOUDFLARE ? " (the application's AUD tag)" : ""));
        }
        Set<String> algorithms = algorithms(profile);
        String userClaim = options.claim(Option.USER_CLAIM).orElse(profile.userClaim());
        Optional<String> groupsClaim = options.claim(Option.GROUPS_CLAIM).or(profile::groupsClaim);
        Duration skew = options.seconds(Option.CLOCK_SKEW);
        Optional<String> signer = options.text(Option.ASSERTION_SIGNER);
        Optional<String> albKeys = Optional.empty();
        if (profile == AssertionProfile.ALB) {
            albKeys = AssertionProfile.albKeyBase(signer.orElse(""));
            if (albKeys.isEmpty()) {
                options.problem("assertionSigner: assertionProfile=alb needs the load balancer's ARN"
                        + " (arn:aws:elasticloadbalancing:REGION:ACCOUNT:loadbalancer/app/NAME/ID)");
            }
        } else if (signer.isPresent()) {
            options.problem("assertionSigner: only used with assertionProfile=alb");
        }
        Optional<Path> file = options.file(Option.JWKS_FILE);
        String url = options.text(Option.JWKS_URL).orElse(null);
        if (file.isPresent() && url != null) {
            options.problem("jwksUrl: set jwksUrl or jwksFile, not both");
        }
        if (file.isPresent() && !Files.isReadable(file.get())) {
            options.problem("jwksFile: cannot read '" + LogSafe.escape(file.get().toString()) + "'");
        }
        if (url == null && file.isEmpty()) {
            url = profile == AssertionProfile.ALB ? albKeys.orElse(null) : profile.jwksUrl(issuer).orElse(null);
            if (url == null && profile != AssertionProfile.ALB) {
                options.problem("jwksUrl: set jwksUrl or jwksFile (where the proxy's public keys are)");
            }
        }
        Optional<URI> jwksUrl = file.isPresent() || url == null ? Optional.empty() : keyUrl(url);
        return new AssertionSettings(profile, header.orElse(""), jwksUrl, file, issuer == null ? "" : issuer,
                Collections.unmodifiableSet(audience), algorithms, userClaim, groupsClaim, skew, signer);
    }

    private Set<String> algorithms(AssertionProfile profile) {
        List<String> names = options.items(Option.ALGORITHMS);
        if (names.isEmpty()) {
            return profile.algorithms();
        }
        Set<String> result = new LinkedHashSet<>();
        for (String name : names) {
            if (ALGORITHMS.contains(name)) {
                result.add(name);
            } else {
                options.problem("algorithms: '" + LogSafe.escape(name) + "' is not allowed; only the asymmetric "
                        + new TreeSet<>(ALGORITHMS) + " prove that the proxy signed the token (never none or HMAC)");
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /**
     * Whether an {@code http} key URL's host is this machine: {@code localhost}, an IPv4 literal in 127.0.0.0/8 or
     * {@code [::1]}. The host is parsed, never matched by prefix: {@code 127.attacker.example} is a DNS name anyone
     * can point anywhere.
     */
    private static boolean isLoopbackHost(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (host.startsWith("[") != literal.contains(":")) {
            return false;
        }
        byte[] address = IpLiteral.parse(literal);
        return address != null && (address.length == 4 ? address[0] == 127 : Arrays.equals(address, LOOPBACK_IPV6));
    }

    /** https anywhere; http only to a loopback host (a local key server); never credentials or a fragment. */
    private Optional<URI> keyUrl(String value) {
        try {
            URI uri = new URI(value);
            String host = uri.getHost();
            boolean loopback = host != null && isLoopbackHost(host);
            if (host != null && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && loopback)) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        options.problem("jwksUrl: '" + LogSafe.escape(value) + "' must be an https URL (http only on a loopback"
                + " host), without user info or fragment");
        return Optional.empty();
    }
}
