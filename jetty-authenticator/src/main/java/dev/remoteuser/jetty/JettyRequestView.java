package dev.remoteuser.jetty;

import dev.remoteuser.core.Identity;
import dev.remoteuser.core.RequestView;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;

/** The core's read-only view of a Jetty core request. */
final class JettyRequestView implements RequestView {

    private final Request request;

    JettyRequestView(Request request) {
        this.request = request;
    }

    /**
     * The socket's peer. {@code ForwardedRequestCustomizer} rewrites the connection metadata's remote address and the
     * PROXY protocol wraps the endpoint, so the endpoint is unwrapped down to the real connection.
     */
    @Override
    public String peerAddress() {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        while (endPoint instanceof EndPoint.Wrapper wrapper) {
            endPoint = wrapper.unwrap();
        }
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : null;
    }

    @Override
    public List<String> headerValues(String name) {
        return request.getHeaders().getValuesList(name);
    }

    @Override
    public Collection<String> headerNames() {
        return request.getHeaders().getFieldNamesCollection();
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        return request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl
                && ssl.peerCertificates() != null ? List.of(ssl.peerCertificates()) : List.of();
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

    @Override
    public Optional<Identity> sessionIdentity() {
        Session session = request.getSession(false);
        return session != null && session.isValid()
                && session.getAttribute(RememberedIdentity.ATTRIBUTE) instanceof RememberedIdentity remembered
                ? Optional.of(remembered.identity())
                : Optional.empty();
    }
}
