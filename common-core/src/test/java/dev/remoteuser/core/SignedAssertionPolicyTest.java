package dev.remoteuser.core;

import dev.remoteuser.core.assertion.AssertionProfile;
import dev.remoteuser.core.assertion.AssertionSettings;
import dev.remoteuser.core.assertion.AssertionVerifier;
import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;

import static dev.remoteuser.core.Policies.config;
import static dev.remoteuser.core.Policies.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the policy uses a signed assertion: the token is the identity, the plain header can only agree with it, and
 * every token failure refuses. The verifier here is a stand-in that knows a few fixed tokens; the real one is tested
 * in the JWT module.
 */
class SignedAssertionPolicyTest {

    private static final String HEADER = "X-Assertion";

    /** "good" is alice with groups staff and ops; "bad" fails its check; "outage" cannot be checked. */
    private static final AssertionVerifier VERIFIER = token -> switch (token) {
        case "good" -> new AssertionVerifier.Verified("alice", List.of("staff", "ops"));
        case "blank" -> new AssertionVerifier.Verified("", List.of());
        case "outage" -> throw new AssertionVerifier.AssertionException("key fetch failed", true);
        default -> throw new AssertionVerifier.AssertionException("bad signature", false);
    };

    private static RemoteUserPolicy policy(String... extra) {
        Map<String, String> options = options("assertionHeader", HEADER, "jwksUrl", "https://keys.example/jwks",
                "issuer", "https://issuer.example", "audience", "app");
        options.putAll(options(extra));
        return new RemoteUserPolicy(RemoteUserConfig.fromOptions(options), null, System::nanoTime, VERIFIER);
    }

    @Test
    void theTokenIsTheIdentityFromAnyPeerWhenItIsTheOnlyProof() {
        Decision decision = policy("groupsClaim", "groups", "trustedProxies", "any")
                .decide(FakeRequest.from("203.0.113.7").header(HEADER, "good"));

        Identity identity = assertInstanceOf(Decision.Authenticated.class, decision).identity();
        assertEquals("alice", identity.name());
        assertEquals(Set.of("staff", "ops"), identity.roles());
    }

    @Test
    void aPlainUserHeaderAloneIsNeverEnough() {
        Decision decision = policy().decide(FakeRequest.fromProxy().header("Remote-User", "alice"));

        assertTrue(assertInstanceOf(Decision.NotAttempted.class, decision).headersToRemove().contains("Remote-User"),
                "the unsigned header is stripped, not believed");
    }

    @ParameterizedTest(name = "{0} with Remote-User {1}: {2}")
    @CsvSource({
        "good, alice, ",
        "good, bob, ASSERTION_MISMATCH",
        "good, Alice, ASSERTION_MISMATCH",
        "bad, alice, INVALID_ASSERTION",
        "outage, alice, ASSERTION_KEYS_UNAVAILABLE",
        "blank, , INVALID_ASSERTION",
    })
    void theTokenDecidesAndThePlainHeaderMustAgree(String token, String plainUser, Reason expected) {
        FakeRequest request = FakeRequest.fromProxy().header(HEADER, token);
        if (plainUser != null) {
            request.header("Remote-User", plainUser);
        }
        Decision decision = policy().decide(request);

        if (expected == null) {
            assertEquals("alice", assertInstanceOf(Decision.Authenticated.class, decision).identity().name());
        } else {
            Decision.Rejected rejected = assertInstanceOf(Decision.Rejected.class, decision);
            assertEquals(expected, rejected.reason());
            assertTrue(rejected.headersToRemove().contains(HEADER), "the refused token never reaches the webapp");
            assertEquals(plainUser != null, rejected.headersToRemove().contains("Remote-User"));
        }
    }

    @Test
    void theTokenHeaderFollowsTheSingleValueAndLookalikeRules() {
        assertEquals(Reason.DUPLICATE_HEADER, assertInstanceOf(Decision.Rejected.class, policy().decide(
                FakeRequest.fromProxy().header(HEADER, "good").header(HEADER, "good"))).reason());
        assertEquals(Reason.LOOKALIKE_CONFLICT, assertInstanceOf(Decision.Rejected.class, policy().decide(
                FakeRequest.fromProxy().header(HEADER, "good").header("X_Assertion", "forged"))).reason());
    }

    /** The log line says which check failed or that the keys could not be had; never the token. */
    @Test
    void aRefusedTokenKeepsTheFailedCheckAsItsCause() {
        Decision.Rejected bad = assertInstanceOf(Decision.Rejected.class,
                policy().decide(FakeRequest.fromProxy().header(HEADER, "bad")));
        Decision.Rejected outage = assertInstanceOf(Decision.Rejected.class,
                policy().decide(FakeRequest.fromProxy().header(HEADER, "outage")));

        assertEquals("signed assertion refused: bad signature", bad.cause().orElseThrow());
        assertEquals("signing keys unavailable: key fetch failed", outage.cause().orElseThrow());
    }

    /** An over-long token fails like every other check of the token: 401, with the cause for the log. */
    @Test
    void anOverLongTokenIsRefusedWith401AndItsCause() {
        Decision.Rejected rejected = assertInstanceOf(Decision.Rejected.class, policy().decide(
                FakeRequest.fromProxy().header(HEADER, "x".repeat(AssertionSettings.MAX_TOKEN_LENGTH + 1))));

        assertEquals(Reason.INVALID_ASSERTION, rejected.reason());
        assertEquals(401, rejected.status());
        assertEquals("signed assertion refused: longer than 16384 characters (16385)", rejected.cause().orElse(""));
    }

    @Test
    void withAnExplicitProxyListTheTokenMustAlsoComeFromThatPeer() {
        RemoteUserPolicy policy = policy("trustedProxies", "10.0.0.1");

        assertInstanceOf(Decision.Authenticated.class, policy.decide(FakeRequest.from("10.0.0.1")
                .header(HEADER, "good")));
        Decision stranger = policy.decide(FakeRequest.from("10.0.0.2").header(HEADER, "good"));
        assertTrue(assertInstanceOf(Decision.NotAttempted.class, stranger).headersToRemove().contains(HEADER));
    }

    @Test
    void theVerifierMustBeInstalledWhenAssertionsAreConfigured() {
        RemoteUserConfig config = RemoteUserConfig.fromOptions(options("assertionHeader", HEADER, "jwksUrl",
                "https://keys.example/jwks", "issuer", "https://issuer.example", "audience", "app"));

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new RemoteUserPolicy(config));
        assertTrue(e.getMessage().contains("remote-user-auth-jwt"), e.getMessage());
    }

    @Test
    void profilesFillTheProxysDefaults(@TempDir Path dir) throws Exception {
        AssertionSettings iap = config("assertionProfile", "iap", "audience", "/projects/1/global/backendServices/2")
                .assertion().orElseThrow();
        assertEquals("x-goog-iap-jwt-assertion", iap.header());
        assertEquals("https://cloud.google.com/iap", iap.issuer());
        assertEquals(Set.of("ES256"), iap.algorithms());
        assertEquals("https://www.gstatic.com/iap/verify/public_key-jwk", iap.jwksUrl().orElseThrow().toString());

        AssertionSettings cloudflare = config("assertionProfile", "cloudflare", "issuer",
                "https://team.cloudflareaccess.com", "audience", "aud-tag").assertion().orElseThrow();
        assertEquals("Cf-Access-Jwt-Assertion", cloudflare.header());
        assertEquals("https://team.cloudflareaccess.com/cdn-cgi/access/certs",
                cloudflare.jwksUrl().orElseThrow().toString());
        assertEquals(Set.of("RS256"), cloudflare.algorithms());

        AssertionSettings alb = config("assertionProfile", "alb", "issuer", "https://idp.example",
                "assertionSigner", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c")
                .assertion().orElseThrow();
        assertEquals("x-amzn-oidc-data", alb.header());
        assertEquals("https://public-keys.auth.elb.eu-west-1.amazonaws.com", alb.jwksUrl().orElseThrow().toString());
        assertEquals(Set.of(), alb.audience());

        AssertionSettings pomerium = config("assertionProfile", "pomerium", "issuer", "app.example.com",
                "audience", "app.example.com").assertion().orElseThrow();
        assertEquals("X-Pomerium-Jwt-Assertion", pomerium.header());
        assertEquals("https://app.example.com/.well-known/pomerium/jwks.json",
                pomerium.jwksUrl().orElseThrow().toString());
        assertEquals("groups", pomerium.groupsClaim().orElseThrow());

        Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
        AssertionSettings generic = config("assertionHeader", "X-Token", "jwksFile", jwks.toString(), "issuer", "i",
                "audience", "a,b", "algorithms", "PS256,ES384", "userClaim", "preferred_username", "clockSkew", "5")
                .assertion().orElseThrow();
        assertEquals(AssertionProfile.GENERIC, generic.profile());
        assertEquals(jwks, generic.jwksFile().orElseThrow());
        assertEquals(Set.of("a", "b"), generic.audience());
        assertEquals(Set.of("PS256", "ES384"), generic.algorithms());
        assertEquals("preferred_username", generic.userClaim());
        assertEquals(5, generic.clockSkew().toSeconds());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "algorithms=none|algorithms: 'none' is not allowed",
        "algorithms=HS256|algorithms: 'HS256' is not allowed",
        "algorithms=es256|algorithms: 'es256' is not allowed",
        "jwksUrl=http://keys.example/jwks|jwksUrl: 'http://keys.example/jwks' must be an https URL",
        "jwksUrl=https://user:pw@keys.example/jwks|must be an https URL",
        "jwksUrl=http://127.attacker.example/jwks|must be an https URL (http only on a loopback host)",
        "jwksUrl=http://127.0.0.1.attacker.example/jwks|must be an https URL",
        "jwksUrl=http://localhost.attacker.example/jwks|must be an https URL",
        "jwksUrl=http://[::ffff:10.0.0.1]/jwks|must be an https URL",
        "jwksUrl=http://0177.0.0.1/jwks|must be an https URL",
        "assertionSigner=arn:x|assertionSigner: only used with assertionProfile=alb",
        "jwksFile=/keys/a\u0000b.json|jwksFile: '/keys/a\\x00b.json' is not a file path",
        "trustedProxies=any&groupsHeader=Remote-Groups|groupsHeader: with the signed assertion as the only proof",
        "identitySource=connector|identitySource: 'connector' cannot be combined",
        "userClaim=a b|userClaim: 'a b' is not a claim name",
        "clockSkew=3600|clockSkew: '3600' must be a whole number from 0 to 300",
        "assertionHeader=Remote_User|are the same header or lookalikes",
    })
    void badAssertionSettingsFailStartup(String option, String message) {
        Map<String, String> options = options("assertionHeader", HEADER, "jwksUrl", "https://keys.example/jwks",
                "issuer", "https://issuer.example", "audience", "app");
        for (String assignment : option.split("&")) {
            String[] pair = assignment.split("=", 2);
            options.put(pair[0], pair[1]);
        }

        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> RemoteUserConfig.fromOptions(options));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://localhost:8443/jwks", "http://127.0.0.1/jwks", "http://127.10.0.3:9000/k",
        "http://[::1]:8080/jwks", "https://keys.example/jwks"})
    void keyUrlsOverPlainHttpAreAcceptedOnlyForLoopbackLiterals(String url) {
        RemoteUserConfig config = RemoteUserConfig.fromOptions(options("assertionHeader", HEADER, "jwksUrl", url,
                "issuer", "https://issuer.example", "audience", "app"));

        assertEquals(url, config.assertion().orElseThrow().jwksUrl().orElseThrow().toString());
    }

    @Test
    void eachProfileListsWhatItStillNeeds() {
        assertProblems(options("assertionProfile", "iap"), "audience: required with assertionProfile=iap");
        assertProblems(options("assertionProfile", "cloudflare"), "issuer: required", "audience: required",
                "jwksUrl: set jwksUrl or jwksFile");
        assertProblems(options("assertionProfile", "alb", "issuer", "i"), "assertionSigner: assertionProfile=alb"
                + " needs the load balancer's ARN");
        assertProblems(options("assertionProfile", "generic", "issuer", "i", "audience", "a"),
                "assertionHeader: the generic profile needs the header");
        assertProblems(options("assertionProfile", "okta"), "assertionProfile: 'okta' is not one of");
        assertProblems(options("issuer", "i", "groupsClaim", "g"), "issuer: only used with assertionProfile",
                "groupsClaim: only used with assertionProfile");
    }

    @Test
    void unsignedGroupsNeedAPeerProofToo() {
        RemoteUserConfig config = config("assertionHeader", HEADER, "jwksUrl", "https://keys.example/jwks",
                "issuer", "https://issuer.example", "audience", "app", "trustedProxies", "127.0.0.1",
                "groupsHeader", "Remote-Groups");

        Decision decision = new RemoteUserPolicy(config, null, System::nanoTime, VERIFIER).decide(
                FakeRequest.fromProxy().header(HEADER, "good").header("Remote-Groups", "admins"));
        assertEquals(Set.of("admins"), assertInstanceOf(Decision.Authenticated.class, decision).identity().roles());
    }

    private static void assertProblems(Map<String, String> options, String... messages) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> RemoteUserConfig.fromOptions(options));
        for (String message : messages) {
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }
}
