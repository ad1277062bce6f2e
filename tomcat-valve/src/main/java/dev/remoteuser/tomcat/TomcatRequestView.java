package dev.remoteuser.tomcat;

import dev.remoteuser.core.Identity;
import dev.remoteuser.core.RequestView;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.catalina.Globals;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/** The core's read-only view of a Tomcat request. */
final class TomcatRequestView implements RequestView {

    private final Request request;
    private final MimeHeaders headers;

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
    public Collection<String> headerNames() {
        return Collections.list(headers.names());
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }

    @Override
    public List<X509Certificate> clientCertificates() {
        Object chain = request.getAttribute(Globals.CERTIFICATES_ATTR);
        return chain instanceof X509Certificate[] certificates ? List.of(certificates) : List.of();
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
        return request.getSessionInternal(false) != null;
    }

    @Override
    public Optional<Identity> sessionIdentity() {
        Session session = request.getSessionInternal(false);
        return session != null && session.getNote(RemoteUserValve.IDENTITY_NOTE) instanceof Identity identity
                ? Optional.of(identity)
                : Optional.empty();
    }
}
