package dev.remoteuser.testsupport;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Mints signed identity assertions with the JDK alone (so a test's signing proxy can run in a bare JRE container):
 * ES256 and RS256 keys, their JWKS and PEM forms, and compact JWS tokens with any header and claims.
 */
public final class TestTokens {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    /**
     * A key pair with its key id and JWS algorithm.
     *
     * @param kid the key id written into the JWKS and, by {@link #header()}, into tokens
     * @param alg {@code ES256} or {@code RS256}
     */
    public record SigningKey(String kid, String alg, KeyPair pair) {

        /** The public key as a JWK object (JSON). */
        public String jwk() {
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kid", kid);
            jwk.put("use", "sig");
            jwk.put("alg", alg);
            if (pair.getPublic() instanceof ECPublicKey ec) {
                jwk.put("kty", "EC");
                jwk.put("crv", "P-256");
                jwk.put("x", unsigned(ec.getW().getAffineX(), 32));
                jwk.put("y", unsigned(ec.getW().getAffineY(), 32));
            } else {
                RSAPublicKey rsa = (RSAPublicKey) pair.getPublic();
                jwk.put("kty", "RSA");
                jwk.put("n", unsigned(rsa.getModulus(), (rsa.getModulus().bitLength() + 7) / 8));
                jwk.put("e", unsigned(rsa.getPublicExponent(), (rsa.getPublicExponent().bitLength() + 7) / 8));
            }
            return json(jwk);
        }

        /** The public key as PEM (SubjectPublicKeyInfo), the form ALB's key server answers with. */
        public String pem() {
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPublic().getEncoded());
            return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
        }

        /** A token header naming this key: {@code alg}, {@code typ} and {@code kid}, to change before signing. */
        public Map<String, Object> header() {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("alg", alg);
            header.put("typ", "JWT");
            header.put("kid", kid);
            return header;
        }

        /** A token with this key's header and these claims. */
        public String sign(Map<String, Object> claims) {
            return sign(header(), claims);
        }

        /** A token with this header and these claims, signed with this key whatever the header says. */
        public String sign(Map<String, Object> header, Map<String, Object> claims) {
            return signInput(encode(header) + "." + encode(claims));
        }

        /** Writes this key (alg, kid, PKCS#8 private and X.509 public, base64) for {@link #load}. */
        public void save(java.nio.file.Path file) throws java.io.IOException {
            Base64.Encoder b64 = Base64.getEncoder();
            java.nio.file.Files.writeString(file, alg + "\n" + kid + "\n"
                    + b64.encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + b64.encodeToString(pair.getPublic().getEncoded()) + "\n");
        }

        /** Signs an already encoded {@code header.payload}. */
        public String signInput(String input) {
            try {
                Signature signature = Signature.getInstance("ES256".equals(alg) ? "SHA256withECDSAinP1363Format"
                        : "SHA256withRSA");
                signature.initSign(pair.getPrivate());
                signature.update(input.getBytes(StandardCharsets.US_ASCII));
                return input + "." + B64URL.encodeToString(signature.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A fresh P-256 key for ES256. */
    public static SigningKey ec(String kid) {
        return generate(kid, "ES256", "EC", new ECGenParameterSpec("secp256r1"), 0);
    }

    /** A fresh 2048-bit RSA key for RS256. */
    public static SigningKey rsa(String kid) {
        return generate(kid, "RS256", "RSA", null, 2048);
    }

    /** A key written by {@link SigningKey#save}. */
    public static SigningKey load(java.nio.file.Path file) throws java.io.IOException, GeneralSecurityException {
        List<String> lines = java.nio.file.Files.readAllLines(file);
        java.security.KeyFactory factory = java.security.KeyFactory.getInstance("ES256".equals(lines.get(0))
                ? "EC" : "RSA");
        Base64.Decoder b64 = Base64.getDecoder();
        return new SigningKey(lines.get(1), lines.get(0), new KeyPair(
                factory.generatePublic(new java.security.spec.X509EncodedKeySpec(b64.decode(lines.get(3)))),
                factory.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(b64.decode(lines.get(2))))));
    }

    /** A JWKS document holding these keys' public parts. */
    public static String jwks(SigningKey... keys) {
        return "{\"keys\":[" + Arrays.stream(keys).map(SigningKey::jwk).collect(Collectors.joining(",")) + "]}";
    }

    /**
     * Typical claims: issuer, audience, the user in {@code email} and {@code sub}, issued now and valid for
     * {@code lifetimeSeconds} (negative: already expired).
     */
    public static Map<String, Object> claims(String issuer, String audience, String user, long lifetimeSeconds) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", user);
        claims.put("email", user);
        claims.put("iat", Math.min(now, now + lifetimeSeconds));
        claims.put("exp", now + lifetimeSeconds);
        return claims;
    }

    /** base64url (no padding) of a JSON object. */
    public static String encode(Map<String, Object> object) {
        return B64URL.encodeToString(json(object).getBytes(StandardCharsets.UTF_8));
    }

    /** base64url (no padding) of any text. */
    public static String encode(String text) {
        return B64URL.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** JSON for maps, lists, strings, numbers, booleans and null. */
    public static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> json(String.valueOf(e.getKey())) + ":" + json(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(TestTokens::json).collect(Collectors.joining(",", "[", "]"));
        }
        return String.valueOf(value);
    }

    private static SigningKey generate(String kid, String alg, String type, ECGenParameterSpec curve, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type);
            if (curve != null) {
                generator.initialize(curve);
            } else {
                generator.initialize(bits);
            }
            return new SigningKey(kid, alg, generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, fixed, length - copy, copy);
        return B64URL.encodeToString(fixed);
    }
}
