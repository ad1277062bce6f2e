package dev.remoteuser.jwt;

import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.assertion.AssertionSettings;
import dev.remoteuser.core.assertion.AssertionVerifier.AssertionException;
import dev.remoteuser.core.assertion.AssertionVerifier;
import dev.remoteuser.testsupport.fixture.TestTokens.SigningKey;
import dev.remoteuser.testsupport.fixture.TestTokens;

import static dev.remoteuser.testsupport.fixture.TestTokens.claims;
import static dev.remoteuser.testsupport.fixture.TestTokens.encode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Valid tokens of each proxy profile pass; every forgery of the list is refused as an invalid token. */
class JwtAssertionVerifierTest {

    static final SigningKey EC = TestTokens.ec("ec-1");
    static final SigningKey RSA = TestTokens.rsa("rsa-1");
    static final SigningKey ATTACKER = TestTokens.ec("ec-1");
    static final String ISSUER = "https://issuer.example";
    static final String AUDIENCE = "app";
    static final String ALB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c";

    static AssertionSettings settings(String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return RemoteUserConfig.fromOptions(map).assertion().orElseThrow();
    }

    static final AssertionSettings GENERIC = settings("assertionHeader", "X-Token", "jwksUrl", "https://k.example/",
            "issuer", ISSUER, "audience", AUDIENCE, "groupsClaim", "groups");

    static AssertionVerifier generic() throws Exception {
        return new JwtAssertionVerifier(GENERIC, KeySource.fixed(TestTokens.jwks(EC, RSA)));
    }

    static Map<String, Object> good() {
        return claims(ISSUER, AUDIENCE, "alice", 300);
    }

    static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }

    @Test
    void aValidTokenGivesItsUserAndGroups() throws Exception {
        AssertionVerifier.Verified verified = generic().verify(EC.sign(with(good(), "groups", List.of("a", "b"))));
        assertEquals(new AssertionVerifier.Verified("alice", List.of("a", "b")), verified);
        assertEquals("alice", generic().verify(RSA.sign(good())).user(), "both configured algorithms");
        assertEquals("alice", generic().verify(EC.sign(with(good(), "aud", List.of("other", AUDIENCE)))).user(),
                "aud as an array containing ours");
        assertEquals(List.of("solo"), generic().verify(EC.sign(with(good(), "groups", "solo"))).groups());
    }

    @Test
    void clockSkewIsToleratedAndNoMore() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertEquals("alice", generic().verify(EC.sign(with(good(), "exp", now - 10))).user(), "10 s late, skew 30");
        assertThrows(AssertionException.class, () -> generic().verify(EC.sign(with(good(), "exp", now - 60))));
        assertEquals("alice", generic().verify(EC.sign(with(good(), "nbf", now + 10))).user());
    }

    /** Each forged token, by what was forged. */
    static Stream<Arguments> forgeries() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> header = EC.header();
        String payload = encode(good());
        return Stream.of(
                forged("alg none", "not a compact JWS", encode(with(header, "alg", "none")) + "." + payload + "."),
                forged("alg NONE with a signature", "algorithm not allowed",
                        encode(with(header, "alg", "NONE")) + "." + payload + ".c2ln"),
                forged("alg nOnE signed", "algorithm not allowed", EC.sign(with(header, "alg", "nOnE"), good())),
                forged("HS256 keyed with the RSA public key", "algorithm not allowed",
                        hmac(with(RSA.header(), "alg", "HS256"), good(),
                        RSA.pair().getPublic().getEncoded())),
                forged("HS256 keyed with the PEM text", "algorithm not allowed",
                        hmac(with(EC.header(), "alg", "HS256"), good(),
                        EC.pem().getBytes(StandardCharsets.US_ASCII))),
                forged("HS256 keyed with the JWK text", "algorithm not allowed",
                        hmac(with(EC.header(), "alg", "HS256"), good(),
                        EC.jwk().getBytes(StandardCharsets.US_ASCII))),
                forged("wrong key, right kid", "bad signature", ATTACKER.sign(good())),
                forged("RS256 header on an EC key id", "no key of the algorithm's type",
                        RSA.sign(with(RSA.header(), "kid", "ec-1"), good())),
                forged("attacker key in jwk header", "no key with the token's key id",
                        ATTACKER.sign(with(with(header, "kid", "evil"), "jwk",
                        parse(ATTACKER.jwk())), good())),
                forged("attacker key url in jku and x5u", "bad signature", ATTACKER.sign(with(with(header, "jku",
                        "https://evil.example/jwks"), "x5u", "https://evil.example/cert"), good())),
                forged("unknown kid", "no key with the token's key id",
                        ATTACKER.sign(with(header, "kid", "nope"), good())),
                forged("expired", "expired", EC.sign(with(good(), "exp", now - 3600))),
                forged("not yet valid", "not yet valid", EC.sign(with(good(), "nbf", now + 3600))),
                forged("issued in the future", "issued in the future", EC.sign(with(good(), "iat", now + 3600))),
                forged("wrong iss", "wrong issuer", EC.sign(with(good(), "iss", ISSUER + "/"))),
                forged("iss in another case", "wrong issuer", EC.sign(with(good(), "iss", "https://ISSUER.example"))),
                forged("wrong aud", "wrong audience", EC.sign(with(good(), "aud", "App"))),
                forged("no aud", "wrong audience", EC.sign(with(good(), "aud", null))),
                forged("missing exp", "no exp", EC.sign(with(good(), "exp", null))),
                forged("exp as text", "unparsable token", EC.sign(with(good(), "exp", String.valueOf(now + 300)))),
                forged("crit", "critical header parameters are not supported",
                        EC.sign(with(with(header, "crit", List.of("exp")), "exp", now + 300), good())),
                forged("nested token (cty JWT)", "nested tokens are not accepted",
                        EC.sign(with(header, "cty", "JWT"), good())),
                forged("no user claim", "no user claim", EC.sign(with(good(), "sub", null))),
                forged("numeric user claim", "the user claim is not a string", EC.sign(with(good(), "sub", 12345))),
                forged("empty user claim", "no user claim", EC.sign(with(good(), "sub", ""))),
                forged("user claim is an array", "unparsable token",
                        EC.sign(with(good(), "sub", List.of("alice", "admin")))),
                forged("groups claim holds a number", "groups claim holds a non-string",
                        EC.sign(with(good(), "groups", List.of("a", 1)))),
                forged("duplicate claim", "unparsable token",
                        EC.signInput(encode(header) + "." + encode("{\"iss\":\"" + ISSUER
                        + "\",\"aud\":\"app\",\"exp\":" + (now + 300) + ",\"sub\":\"alice\",\"sub\":\"admin\"}"))),
                forged("duplicate header parameter", "unparsable token",
                        EC.signInput(encode("{\"alg\":\"ES256\",\"kid\":\"ec-1\","
                        + "\"alg\":\"HS256\"}") + "." + payload)),
                forged("oversized", "not a compact JWS",
                        EC.sign(with(good(), "pad", "x".repeat(AssertionSettings.MAX_TOKEN_LENGTH)))),
                forged("deeply nested claims", "unparsable token",
                        EC.signInput(encode(header) + "." + encode("{\"sub\":\"alice\","
                        + "\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}"))),
                forged("all-zero ECDSA signature", "bad signature", encode(header) + "." + payload + "."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64])),
                forged("signature of another payload", "bad signature", swapSignature(EC.sign(good()),
                        EC.sign(with(good(), "sub", "admin")))),
                forged("five parts (JWE)", "not a compact JWS", EC.sign(good()) + ".e30.e30"),
                forged("padded base64 outside ALB", "not a compact JWS", EC.sign(good()).replace(".", "=.")),
                forged("white space", "not a compact JWS", " " + EC.sign(good())),
                forged("not JSON", "unparsable token", EC.signInput(encode("not json") + "." + payload)));
    }

    static Arguments forged(String what, String failedCheck, String token) {
        return Arguments.of(what, failedCheck, token);
    }

    /** The first token's header and payload with the second token's signature. */
    static String swapSignature(String token, String signedOther) {
        return token.substring(0, token.lastIndexOf('.')) + signedOther.substring(signedOther.lastIndexOf('.'));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("forgeries")
    void forgedTokensAreRefusedByTheIntendedCheck(String what, String failedCheck, String token) throws Exception {
        AssertionException e = assertThrows(AssertionException.class, () -> generic().verify(token));
        assertFalse(e.keysUnavailable(), "a bad token, not an outage");
        assertEquals(failedCheck, e.getMessage());
    }

    /** One valid token per proxy profile, minted the way that proxy mints it. */
    static Stream<Arguments> profiles() {
        String iapAudience = "/projects/42/global/backendServices/7";
        Map<String, Object> albHeader = with(with(with(EC.header(), "signer", ALB_ARN), "client", "client-1"),
                "iss", "https://idp.example");
        String albToken = padded(EC, albHeader, claims("https://idp.example", null, "carol@example.com", 300));
        return Stream.of(
                Arguments.of("iap", settings("assertionProfile", "iap", "audience", iapAudience,
                        "jwksUrl", "https://keys.example/"), EC.sign(claims("https://cloud.google.com/iap",
                        iapAudience, "alice@example.com", 300)), "alice@example.com"),
                Arguments.of("cloudflare", settings("assertionProfile", "cloudflare", "issuer",
                        "https://team.cloudflareaccess.com", "audience", "aud-tag"), RSA.sign(with(claims(
                        "https://team.cloudflareaccess.com", null, "bob@example.com", 300), "aud",
                        List.of("aud-tag"))), "bob@example.com"),
                Arguments.of("alb", settings("assertionProfile", "alb", "issuer", "https://idp.example",
                        "assertionSigner", ALB_ARN, "audience", "client-1"), albToken, "carol@example.com"),
                Arguments.of("pomerium", settings("assertionProfile", "pomerium", "issuer", "app.example.com",
                        "audience", "app.example.com"), EC.sign(claims("app.example.com", "app.example.com",
                        "dave@example.com", 300)), "dave@example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void eachProfileAcceptsItsProxysTokens(String profile, AssertionSettings settings, String token, String user)
            throws Exception {
        KeySource keys = "alb".equals(profile)
                ? new PemKeySource(settings.jwksUrl().orElseThrow(), uri -> EC.pem(), System::nanoTime,
                PemKeySource.MIN_FETCH_INTERVAL)
                : KeySource.fixed(TestTokens.jwks(EC, RSA));
        assertEquals(user, new JwtAssertionVerifier(settings, keys).verify(token).user());
    }

    @Test
    void albChecksTheSignerAndClientAndNeverPutsAForeignKeyIdInTheUrl() throws Exception {
        AssertionSettings alb = settings("assertionProfile", "alb", "issuer", "https://idp.example",
                "assertionSigner", ALB_ARN, "audience", "client-1");
        List<String> fetched = new java.util.ArrayList<>();
        KeySource keys = new PemKeySource(alb.jwksUrl().orElseThrow(), uri -> {
            fetched.add(uri.toString());
            return EC.pem();
        }, System::nanoTime, java.time.Duration.ZERO);
        AssertionVerifier verifier = new JwtAssertionVerifier(alb, keys);
        Map<String, Object> claims = claims("https://idp.example", null, "carol", 300);
        Map<String, Object> header = with(with(EC.header(), "signer", ALB_ARN), "client", "client-1");

        assertEquals("carol", verifier.verify(padded(EC, header, claims)).user());
        assertEquals(List.of("https://public-keys.auth.elb.eu-west-1.amazonaws.com/ec-1"), fetched);
        Function<Map<String, Object>, Executable> refusedHeader = h -> () -> verifier.verify(padded(EC, h, claims));
        assertThrows(AssertionException.class, refusedHeader.apply(with(header, "signer", ALB_ARN + "x")).run());
        assertThrows(AssertionException.class, refusedHeader.apply(with(header, "signer", null)).run());
        assertThrows(AssertionException.class, refusedHeader.apply(with(header, "client", "client-2")).run());
        assertThrows(AssertionException.class, refusedHeader.apply(with(header, "kid", "../../evil")).run());
        assertThrows(AssertionException.class, refusedHeader.apply(with(header, "kid", "a/b")).run());
        assertEquals(1, fetched.size(), "forged key ids never reach the key server");
    }

    /** A token as ALB writes it: base64url with '=' padding. */
    static String padded(SigningKey key, Map<String, Object> header, Map<String, Object> claims) {
        Base64.Encoder padding = Base64.getUrlEncoder();
        return key.signInput(padding.encodeToString(TestTokens.json(header).getBytes(StandardCharsets.UTF_8)) + "."
                + padding.encodeToString(TestTokens.json(claims).getBytes(StandardCharsets.UTF_8)));
    }

    static String hmac(Map<String, Object> header, Map<String, Object> claims, byte[] key) {
        try {
            String input = encode(header) + "." + encode(claims);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> parse(String jwk) {
        try {
            return com.nimbusds.jose.util.JSONObjectUtils.parse(jwk);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call that may throw, for assertThrows. */
    @FunctionalInterface
    interface Executable {
        void call() throws Exception;

        default org.junit.jupiter.api.function.Executable run() {
            return this::call;
        }
    }
}
