package dev.remoteuser.tomcat;

import dev.remoteuser.core.request.RequestView;
import dev.remoteuser.core.session.SessionSeal;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.coyote.ActionCode;
import org.apache.coyote.ajp.AbstractAjpProtocol;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;
import org.apache.tomcat.util.net.SSLSupport;

/** The core's read-only view of a Tomcat request. */
final class TomcatRequestView implements RequestView {

    private final Request request;
    private final MimeHeaders headers;
    private final Latin1Name name = new Latin1Name();
    /** The request's session, looked up once (each look-up takes the Manager's lock): the view is per request. */
    private Session session;
    private boolean sessionLookedUp;

    TomcatRequestView(Request request) {
        this.request = request;
        this.headers = request.getCoyoteRequest().getMimeHeaders();
    }

    /** The socket's peer: {@code getRemoteAddr()} is rewritten by RemoteIpValve and AJP. */
    @Override
    public String peerAddress() {
        return request.getPeerAddr();
    }

    @Override
    public List<String> headerValues(String name) {
        return Collections.list(headers.values(name));
    }

    @Override
    public int headerCount() {
        return headers.size();
    }

    /**
     * The field's name as received: a view of the connector's bytes, with no string made, or the name's string when
     * something set it as one (HTTP/2, another valve).
     */
    @Override
    public CharSequence headerName(int index) {
        MessageBytes name = headers.getName(index);
        ByteChunk bytes = latin1Bytes(name);
        return bytes == null ? name.toString() : this.name.of(bytes.getBytes(), bytes.getStart(), bytes.getLength());
    }

    /**
     * The field's value as {@code getHeader} answers it: ISO-8859-1 bytes made a string directly (what Tomcat's
     * decoder makes of them, without a decoder per value), anything else through Tomcat.
     */
    @Override
    public String headerValue(int index) {
        MessageBytes value = headers.getValue(index);
        ByteChunk bytes = latin1Bytes(value);
        return bytes == null ? value.toString()
                : new String(bytes.getBytes(), bytes.getStart(), bytes.getLength(), StandardCharsets.ISO_8859_1);
    }

    /** The connector's bytes when Tomcat holds them undecoded as ISO-8859-1 (how it decodes headers); else null. */
    private static ByteChunk latin1Bytes(MessageBytes field) {
        if (field.getType() != MessageBytes.T_BYTES) {
            return null;
        }
        ByteChunk bytes = field.getByteChunk();
        return StandardCharsets.ISO_8859_1.equals(bytes.getCharset()) ? bytes : null;
    }

    /** One header name's bytes as characters, reused from field to field (the core keeps no name it is given). */
    private static final class Latin1Name implements CharSequence {
        private byte[] bytes;
        private int start;
        private int length;

        Latin1Name of(byte[] bytes, int start, int length) {
            this.bytes = bytes;
            this.start = start;
            this.length = length;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return (char) (bytes[start + index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return toString().subSequence(from, to);
        }

        @Override
        public String toString() {
            return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Whether this connection itself is TLS, as the connector's own SSL support knows it. Not {@code
     * request.isSecure()}: a connector's {@code secure="true"} and {@code RemoteIpValve} set that from configuration
     * or a header. Never on AJP, whose TLS state is the end user's connection to httpd, not ours.
     */
    @Override
    public boolean isSecure() {
        return connectionTls() != null;
    }

    /**
     * The chain the connector verified during this connection's TLS handshake, from the connector's SSL support.
     * Never the {@code jakarta.servlet.request.X509Certificate} request attribute, which {@code SSLValve} fills from
     * a request header without any verification, and never over AJP, where httpd forwards the end user's
     * certificate.
     */
    @Override
    public List<X509Certificate> clientCertificates() {
        org.apache.coyote.Request coyote = connectionTls();
        if (coyote == null) {
            return List.of();
        }
        Object chain = coyote.getAttribute(SSLSupport.CERTIFICATE_KEY);
        return chain instanceof X509Certificate[] certificates && certificates.length > 0
                ? List.of(certificates) : List.of();
    }

    /**
     * The coyote request with the connection's TLS attributes filled in by the connector, or null when the
     * connection is not TLS (the connector sets {@link SSLSupport#SESSION_MGR} only from a real TLS session) or is
     * AJP.
     */
    private org.apache.coyote.Request connectionTls() {
        if (request.getConnector() == null
                || request.getConnector().getProtocolHandler() instanceof AbstractAjpProtocol<?>) {
            return null;
        }
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        if (coyote.getAttribute(SSLSupport.SESSION_MGR) == null) {
            coyote.action(ActionCode.REQ_SSL_ATTRIBUTE, coyote);
        }
        return coyote.getAttribute(SSLSupport.SESSION_MGR) instanceof SSLSupport ? coyote : null;
    }

    /** The decoded, normalised URI including the context path; no query string or path parameters. */
    @Override
    public String path() {
        return request.getDecodedRequestURI();
    }

    @Override
    public Optional<String> connectorUser() {
        MessageBytes remoteUser = request.getCoyoteRequest().getRemoteUser();
        return remoteUser.isNull() ? Optional.empty() : Optional.of(remoteUser.toString());
    }

    @Override
    public boolean hasSession() {
        return session() != null;
    }

    /** The principal Tomcat's own login (FORM, or another authenticator that caches) recorded in the session. */
    @Override
    public Optional<String> sessionUser() {
        Session session = session();
        return session == null || session.getPrincipal() == null ? Optional.empty()
                : Optional.ofNullable(session.getPrincipal().getName());
    }

    @Override
    public Object sessionValue() {
        Session session = session();
        if (session == null) {
            return null;
        }
        try {
            return session.getSession().getAttribute(SessionSeal.ATTRIBUTE);
        } catch (IllegalStateException e) {
            // invalidated since the look-up
            return null;
        }
    }

    /** The request's session as the decision saw it (null without one); looked up at most once. */
    Session session() {
        if (!sessionLookedUp) {
            session = request.getSessionInternal(false);
            sessionLookedUp = true;
        }
        return session;
    }
}
