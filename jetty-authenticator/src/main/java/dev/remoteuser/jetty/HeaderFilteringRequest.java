package dev.remoteuser.jetty;

import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;

/**
 * The request as the webapp sees it. Jetty's headers are immutable, so the removed ones are hidden by this wrapper.
 * On a request we authenticated, a session the webapp creates is marked with the user's identity the moment it
 * exists (the servlet API reaches the session through this wrapper), before the webapp can write a byte of the
 * response: marked any later, a request on another connection could meet the session unmarked, and a user switch or
 * a per-request logout would then keep the previous user's session data.
 */
final class HeaderFilteringRequest extends Request.Wrapper {

    private final HttpFields headers;
    /** Our authentication of this request; null when we did not authenticate it. */
    private final RemoteUserSucceeded authenticated;

    HeaderFilteringRequest(Request request, Set<String> removed, RemoteUserSucceeded authenticated) {
        super(request);
        if (removed.isEmpty()) {
            this.headers = request.getHeaders();
        } else {
            HttpFields.Mutable remaining = HttpFields.build(request.getHeaders());
            removed.forEach(remaining::remove);
            this.headers = remaining.asImmutable();
        }
        this.authenticated = authenticated;
    }

    @Override
    public HttpFields getHeaders() {
        return headers;
    }

    @Override
    public Session getSession(boolean create) {
        Session session = super.getSession(create);
        if (authenticated != null && session != null
                && org.eclipse.jetty.security.AuthenticationState.getAuthenticationState(this) == authenticated) {
            JettySessions.remember(session, authenticated.decision().sealed());
        }
        return session;
    }
}
