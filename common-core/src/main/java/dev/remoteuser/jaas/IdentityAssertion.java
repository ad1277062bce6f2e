package dev.remoteuser.jaas;

import dev.remoteuser.core.Identity;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An identity the core accepted, sealed with an HMAC under a random key that exists only in this JVM. {@link
 * RemoteUserLoginModule} accepts nothing else: not a user name, not a password, not an object from a request, a
 * session, another JVM or a deserialized stream (this class is not serializable). Code running inside the same JVM
 * can always call {@link #issue}; the guarantee is that no request can reach the module with a name of its choosing.
 */
public final class IdentityAssertion {

    private static final byte[] KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(KEY);
    }

    private final Identity identity;
    private final byte[] mac;

    private IdentityAssertion(Identity identity, byte[] mac) {
        this.identity = identity;
        this.mac = mac;
    }

    /** Seals an identity the core accepted. */
    public static IdentityAssertion issue(Identity identity) {
        return new IdentityAssertion(identity, mac(identity));
    }

    /** The identity, when the seal is intact; {@code null} otherwise. */
    Identity verifiedIdentity() {
        return MessageDigest.isEqual(mac, mac(identity)) ? identity : null;
    }

    private static byte[] mac(Identity identity) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            StringBuilder canonical = new StringBuilder(identity.name());
            identity.roles().forEach(r -> canonical.append("\u0000r").append(r));
            identity.groups().forEach(g -> canonical.append("\u0000g").append(g));
            identity.attributes().forEach((k, v) -> canonical.append("\u0000a").append(k).append('=').append(v));
            return hmac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
