package dev.remoteuser.core.trust;

import dev.remoteuser.core.internal.IpLiteral;
import dev.remoteuser.core.request.RequestView;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The first stage: whether the connection is the trusted proxy. Every configured proof must hold: the peer address
 * (the socket's own, never a forwarded one), the client certificate the connector verified, the shared secret.
 * Thread-safe.
 */
public final class PeerTrust {

    private final TrustSettings settings;

    /**
     * The last peer address judged and the verdict. A proxy connects from one or a few addresses, so this spares
     * parsing the same literal on every request; the verdict depends only on the string and the immutable settings,
     * and the pair is replaced as one object, so threads never see a mixed pair.
     */
    private volatile PeerVerdict lastPeer = new PeerVerdict("", false);

    private record PeerVerdict(String peer, boolean trusted) {
    }

    public PeerTrust(TrustSettings settings) {
        this.settings = settings;
    }

    /** Whether every configured proof holds for this request's connection. */
    public boolean isTrusted(RequestView request) {
        return untrustedBecause(request).isEmpty();
    }

    /** Which configured proof failed, in words for the diagnostics report; empty when the peer is trusted. */
    public Optional<String> untrustedBecause(RequestView request) {
        if (settings.checkPeerAddress() && !isTrustedAddress(request.peerAddress())) {
            return Optional.of("the peer address is not in trustedProxies");
        }
        if (!settings.certificates().isEmpty() && !isTrustedCertificate(request)) {
            return Optional.of(request.isSecure() && !request.clientCertificates().isEmpty()
                    ? "the client certificate carries none of trustedProxyCertificates"
                    : "no verified client certificate (trustedProxyCertificates is set)");
        }
        if (settings.secretHeader().isPresent() && !hasProxySecret(request)) {
            return Optional.of("the proxy secret header is missing, repeated or wrong");
        }
        return Optional.empty();
    }

    private boolean isTrustedAddress(String peer) {
        if (peer == null) {
            return false;
        }
        PeerVerdict last = lastPeer;
        if (last.peer().equals(peer)) {
            return last.trusted();
        }
        boolean trusted = parseAndMatch(peer);
        lastPeer = new PeerVerdict(peer, trusted);
        return trusted;
    }

    private boolean parseAndMatch(String peer) {
        byte[] address = IpLiteral.parsePeer(peer);
        if (address == null) {
            return false;
        }
        for (AddressBlock block : settings.proxies()) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the connection's client certificate (the chain the connector verified, leaf first) carries one of the
     * configured names: a subject alternative name (dns, uri, email) or the subject DN in RFC 2253 form.
     */
    private boolean isTrustedCertificate(RequestView request) {
        if (!request.isSecure() || request.clientCertificates().isEmpty()) {
            return false;
        }
        X509Certificate leaf = request.clientCertificates().get(0);
        Set<String> trusted = settings.certificates();
        if (trusted.contains("dn:" + leaf.getSubjectX500Principal().getName(X500Principal.RFC2253))) {
            return true;
        }
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                String prefix = switch ((Integer) name.get(0)) {
                    case 1 -> "email:";
                    case 2 -> "dns:";
                    case 6 -> "uri:";
                    default -> null;
                };
                if (prefix != null && trusted.contains(prefix + name.get(1))) {
                    return true;
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return false;
    }

    /** Exactly one secret header whose value equals the secret, compared in constant time. */
    private boolean hasProxySecret(RequestView request) {
        List<String> values = request.headerValues(settings.secretHeader().get());
        return values.size() == 1 && values.get(0) != null
                && MessageDigest.isEqual(values.get(0).getBytes(StandardCharsets.UTF_8), settings.secret().bytes());
    }
}
