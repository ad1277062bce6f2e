package dev.remoteuser.jetty;

import dev.remoteuser.core.request.RequestView;
import dev.remoteuser.core.session.SessionSeal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.security.authentication.SessionAuthentication;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.util.Attributes;

/** The core's read-only view of a Jetty core request. */
final class JettyRequestView implements RequestView {

    /** Connection attribute caching the formatted peer address of an HTTP/1 connection. */
    static final String PEER_ATTRIBUTE = "dev.remoteuser.peer";

    private final Request request;
    private HttpFields fields;

    JettyRequestView(Request request) {
        this.request = request;
    }

    /**
     * The socket's peer. {@code ForwardedRequestCustomizer} rewrites the connection metadata's remote address and the
     * PROXY protocol wraps the endpoint, so the endpoint is unwrapped down to the real connection.
     */
    @Override
    public String peerAddress() {
        Connection connection = request.getConnectionMetaData().getConnection();
        // the peer of a connection never changes: HTTP/1 connections keep it, formatted once (an attribute of the
        // real connection object, not of ConnectionMetaData, which ForwardedRequestCustomizer wraps)
        if (connection instanceof Attributes attributes
                && attributes.getAttribute(PEER_ATTRIBUTE) instanceof String cached) {
            return cached;
        }
        String peer = peerOf(connection.getEndPoint());
        if (peer != null && connection instanceof Attributes attributes) {
            attributes.setAttribute(PEER_ATTRIBUTE, peer);
        }
        return peer;
    }

    private static String peerOf(EndPoint endPoint) {
        while (endPoint instanceof EndPoint.Wrapper wrapper) {
            endPoint = wrapper.unwrap();
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : null;
    }

    @Override
    public int headerCount() {
        return fields().size();
    }

    @Override
    public CharSequence headerName(int index) {
        return fields().getField(index).getName();
    }

    @Override
    public String headerValue(int index) {
        String value = fields().getField(index).getValue();
        // Jetty may keep a field without a value (a bare "Name:") as null where the servlet API answers ""
        return value == null ? "" : value;
    }

    /**
     * The request's fields with indexed access: HTTP/1 and HTTP/2 requests arrive immutable (the same object back);
     * anything else is copied once, so reading field by field stays linear.
     */
    private HttpFields fields() {
        if (fields == null) {
            fields = request.getHeaders().asImmutable();
        }
        return fields;
    }

    @Override
    public List<String> headerValues(String name) {
        return request.getHeaders().getValuesList(name);
    }

    /**
     * Whether this connection itself is TLS: Jetty's own TLS endpoint is in the connection's endpoint chain. Not
     * {@code request.isSecure()} nor the {@code SslSessionData} request attribute, which {@code
     * ForwardedRequestCustomizer}, a handler or the PROXY protocol's TLS fields (the end user's connection to the
     * proxy) can set.
     */
    @Override
    public boolean isSecure() {
        return connectionTls() != null;
    }

    /** The chain Jetty's TLS endpoint verified during this connection's handshake, leaf first. */
    @Override
    public List<X509Certificate> clientCertificates() {
        EndPoint.SslSessionData tls = connectionTls();
        X509Certificate[] chain = tls == null ? null : tls.peerCertificates();
        return chain == null || chain.length == 0 ? List.of() : List.of(chain);
    }

    /** The TLS session of the connection's own TLS endpoint; null when no TLS endpoint carries this connection. */
    private EndPoint.SslSessionData connectionTls() {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        while (endPoint != null) {
            if (endPoint instanceof SslConnection.SslEndPoint tls) {
                return tls.getSslSessionData();
            }
            endPoint = endPoint instanceof EndPoint.Wrapper wrapper ? wrapper.unwrap() : null;
        }
        return null;
    }

    /** The decoded, normalised path including the context path. */
    @Override
    public String path() {
        return request.getHttpURI().getCanonicalPath();
    }

    @Override
    public boolean hasSession() {
        Session session = request.getSession(false);
        return session != null && session.isValid();
    }

    /** The user Jetty's FORM login recorded in the session. */
    @Override
    public Optional<String> sessionUser() {
        Session session = request.getSession(false);
        return session != null && session.isValid()
                && session.getAttribute(SessionAuthentication.AUTHENTICATED_ATTRIBUTE) instanceof SessionAuthentication
                        login && login.getUserIdentity() != null && login.getUserIdentity().getUserPrincipal() != null
                ? Optional.ofNullable(login.getUserIdentity().getUserPrincipal().getName())
                : Optional.empty();
    }

    @Override
    public Object sessionValue() {
        Session session = request.getSession(false);
        return session != null && session.isValid() ? session.getAttribute(SessionSeal.ATTRIBUTE) : null;
    }
}
