package dev.remoteuser.core.session;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.UnverifiedSession;
import dev.remoteuser.core.internal.BoundedCache;
import dev.remoteuser.core.internal.HeapBytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identity as the session keeps it: a plain string in the session attribute {@link #ATTRIBUTE}, so that every
 * container's replication, persistence and session data store carries it without loading a class of ours, sealed
 * with HMAC-SHA256 under the session key, so that nothing a webapp can put in a session logs anyone in: a value
 * that is not such a string, or whose seal does not verify under this key, is no identity at all.
 *
 * <p>Format: {@code v1.<payload>.<mac>}, both base64url without padding; the payload holds the name, roles, groups
 * and attributes (modified UTF-8, each count before its items); the MAC covers a fixed label and the payload. The
 * same identity always seals to the same string, so an adapter writes the attribute only when it changes (no
 * replication traffic on a returning user's requests).
 *
 * <p>Security: the key decides who can make a session identity. Without {@code sessionKeyFile} it is random per
 * start, so sessions made by another node or before a restart do not verify (their users log in again). A value
 * copied from one session into another by a webapp stays valid: the seal proves that this plugin logged the user
 * in, not which session it did so in. Thread-safe.
 */
public final class SessionSeal {

    /** The session attribute holding the sealed identity. */
    public static final String ATTRIBUTE = "dev.remoteuser.identity";

    private static final String VERSION = "v1.";
    private static final byte[] LABEL = "remote-user-auth session identity v1\0".getBytes(StandardCharsets.UTF_8);
    /** Longest value opened; anything longer is not one of ours. */
    static final int MAX_SEALED_LENGTH = 256 * 1024;
    private static final int MAX_ITEMS = 4_096;
    /** Most values and identities each memo keeps (least recently used go first): as many as the identity memo. */
    static final int MAX_MEMO_ENTRIES = 16_384;
    /**
     * Most heap each memo's entries hold together, estimated (the sealed string and the identity): 32 MiB, as the
     * identity memo. The strings are mostly the very ones the container's sessions hold.
     */
    static final long MAX_MEMO_BYTES = 32L << 20;

    private final SecretKeySpec key;
    /** Strings that verified, to their identity: a returning session costs no MAC. */
    private final BoundedCache<String, Identity> opened = new BoundedCache<>(MAX_MEMO_ENTRIES, MAX_MEMO_BYTES,
            (value, identity) -> HeapBytes.of(value) + identity.heapBytes());
    /** Identities sealed, to their string. */
    private final BoundedCache<Identity, String> sealed = new BoundedCache<>(MAX_MEMO_ENTRIES, MAX_MEMO_BYTES,
            (identity, value) -> HeapBytes.of(value) + identity.heapBytes());

    /** @param key the configured key, or empty for a random one */
    public SessionSeal(Optional<SessionKey> key) {
        byte[] bytes = key.map(SessionKey::bytes).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** The identity as the session attribute's value. */
    public String seal(Identity identity) {
        String known = sealed.get(identity);
        if (known != null) {
            return known;
        }
        byte[] payload = encode(identity);
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String value = VERSION + base64.encodeToString(payload) + "." + base64.encodeToString(mac(payload));
        sealed.put(identity, value, stale -> false);
        opened.put(value, identity, stale -> false);
        return value;
    }

    /**
     * The identity a session attribute's value holds, when it is a string this key sealed; empty for null, for any
     * other object and for a string that does not verify.
     */
    public Optional<Identity> open(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        Identity known = opened.get(text);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Identity> identity = verify(text);
        if (identity.isEmpty()) {
            return identity;
        }
        opened.put(text, identity.get(), stale -> false);
        sealed.put(identity.get(), text, stale -> false);
        return identity;
    }

    /**
     * Why {@code value} holds no identity: {@link UnverifiedSession#NONE} for null and for a value that {@link #open}
     * accepts, {@link UnverifiedSession#OTHER_KEY} for a well-formed value whose MAC does not verify under this key,
     * {@link UnverifiedSession#NOT_SEALED} for anything else. Costs a MAC for a string that is not in the memo: call
     * it only for a value {@link #open} refused, or one it may not have seen.
     */
    public UnverifiedSession whyNot(Object value) {
        if (value == null) {
            return UnverifiedSession.NONE;
        }
        if (!(value instanceof String text)) {
            return UnverifiedSession.NOT_SEALED;
        }
        return opened.get(text) != null ? UnverifiedSession.NONE : check(text).why();
    }

    private Optional<Identity> verify(String text) {
        return Optional.ofNullable(check(text).identity());
    }

    /** What {@code text} holds under this key: the identity (why {@link UnverifiedSession#NONE}), or why not. */
    private Verdict check(String text) {
        byte[][] parts = parts(text);
        if (parts == null) {
            return Verdict.NOT_SEALED;
        }
        if (!MessageDigest.isEqual(parts[1], mac(parts[0]))) {
            return Verdict.OTHER_KEY;
        }
        try {
            return new Verdict(decode(parts[0]), UnverifiedSession.NONE);
        } catch (IOException | RuntimeException e) {
            // sealed by this key, so made by us: only a format from another version gets here
            return Verdict.NOT_SEALED;
        }
    }

    /** A sealed value's identity, or null and why there is none. */
    private record Verdict(Identity identity, UnverifiedSession why) {
        static final Verdict NOT_SEALED = new Verdict(null, UnverifiedSession.NOT_SEALED);
        static final Verdict OTHER_KEY = new Verdict(null, UnverifiedSession.OTHER_KEY);
    }

    /** The payload and MAC of a value in the sealed format, or null when it is not in that format. */
    private static byte[][] parts(String text) {
        if (text.length() > MAX_SEALED_LENGTH || !text.startsWith(VERSION)) {
            return null;
        }
        int dot = text.indexOf('.', VERSION.length());
        if (dot < 0 || text.indexOf('.', dot + 1) >= 0) {
            return null;
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            return new byte[][] {base64.decode(text.substring(VERSION.length(), dot)),
                    base64.decode(text.substring(dot + 1))};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] encode(Identity identity) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(identity.name());
            writeNames(out, identity.roles());
            writeNames(out, identity.groups());
            out.writeInt(identity.attributes().size());
            for (Map.Entry<String, String> attribute : identity.attributes().entrySet()) {
                out.writeUTF(attribute.getKey());
                out.writeUTF(attribute.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an identity", e);
        }
        return bytes.toByteArray();
    }

    private static void writeNames(DataOutputStream out, Set<String> names) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
        }
    }

    private static Identity decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        String name = in.readUTF();
        List<String> roles = readNames(in);
        List<String> groups = readNames(in);
        int count = count(in);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(in.readUTF(), in.readUTF());
        }
        if (in.read() != -1) {
            throw new IOException("bytes after the identity");
        }
        return new Identity(name, Set.copyOf(roles), Set.copyOf(groups), attributes);
    }

    private static List<String> readNames(DataInputStream in) throws IOException {
        int count = count(in);
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        return names;
    }

    private static int count(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > MAX_ITEMS) {
            throw new IOException("count out of range: " + count);
        }
        return count;
    }
}
