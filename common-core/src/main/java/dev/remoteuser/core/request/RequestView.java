package dev.remoteuser.core.request;


import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The read-only view of one request that an adapter gives the core. Implementations translate container calls and
 * add no logic of their own.
 */
public interface RequestView {

    /**
     * The IP address of the connection peer, as a literal (IPv4 dotted quad or IPv6, optionally bracketed or with a
     * zone). This must be the socket's peer, never an address rewritten from {@code X-Forwarded-For}, {@code
     * Forwarded} or by {@code RemoteIpValve}/{@code ForwardedRequestCustomizer}. {@code null} or anything that is
     * not an IP literal makes the peer untrusted.
     */
    String peerAddress();

    /**
     * Every value of the header with this name (names compared case-insensitively, as HTTP does), one list entry per
     * header field, in arrival order, exactly as the container decoded them. Empty when absent.
     */
    List<String> headerValues(String name);

    /**
     * The names of all header fields of the request, as spelled by the client (a repeated name may repeat). The
     * default reads {@link #headerName} for each field.
     */
    default Collection<String> headerNames() {
        List<String> names = new ArrayList<>(headerCount());
        for (int i = 0; i < headerCount(); i++) {
            names.add(headerName(i).toString());
        }
        return names;
    }

    /**
     * How many header fields the request has. With {@link #headerName} and {@link #headerValue} the core reads every
     * field once, in arrival order, without the container building a collection per look-up.
     */
    int headerCount();

    /**
     * The name of header field {@code index} ({@code 0} to {@code headerCount() - 1}), as the client spelled it. The
     * core only reads it during the call and makes a string of it only when it must keep it: an adapter may answer
     * a view of the container's bytes that the next call reuses.
     */
    CharSequence headerName(int index);

    /** The value of header field {@code index}, exactly as the container decoded it; never null. */
    String headerValue(int index);

    /** Whether the connection to the container is TLS. */
    boolean isSecure();

    /** The client certificate chain the connector verified, leaf first; empty without one. */
    List<X509Certificate> clientCertificates();

    /**
     * The request path as the container decoded and normalised it, including the context path, without the query
     * string: the path the proxy's configuration speaks of ({@code /app/login}).
     */
    String path();

    /**
     * The user name the connector delivered ({@code identitySource=connector}), exactly as received; empty when the
     * container has no such source or the connector sent none.
     */
    default Optional<String> connectorUser() {
        return Optional.empty();
    }

    /** Whether the request already has a valid session. Must not create one. */
    boolean hasSession();

    /**
     * The value of the session attribute {@code dev.remoteuser.core.session.SessionSeal#ATTRIBUTE} in the request's
     * existing session, or null (no session, no such attribute). Whatever a webapp put there comes back as it is:
     * the core counts only a value its seal opens. Must not create a session.
     */
    Object sessionValue();

    /**
     * The name of the user another login recorded in the request's existing session (the container's FORM login,
     * a principal Tomcat cached in the session), if any. A header naming someone else then replaces the session
     * instead of only renaming it, so the container cannot bring that user back. Must not create a session.
     */
    default Optional<String> sessionUser() {
        return Optional.empty();
    }
}
