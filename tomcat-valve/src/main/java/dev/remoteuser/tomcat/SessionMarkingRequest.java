package dev.remoteuser.tomcat;

import dev.remoteuser.core.decision.Decision;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;

/**
 * The request the webapp gets while the valve has it authenticated. A session the webapp creates is marked with the
 * user's identity the moment it exists, before the webapp can write a byte of the response: marked any later, a
 * request on another connection could meet the session unmarked (and a user switch or a per-request logout would
 * then keep the previous user's session data). {@code logout()} forgets the identity at once for the same reason.
 */
final class SessionMarkingRequest extends HttpServletRequestWrapper {

    private final Request request;
    private final Principal principal;
    /** The decision that authenticated the request: it seals the identity once there is a session. */
    private final Decision.Authenticated authenticated;

    SessionMarkingRequest(HttpServletRequest wrapped, Request request, Principal principal,
                          Decision.Authenticated authenticated) {
        super(wrapped);
        this.request = request;
        this.principal = principal;
        this.authenticated = authenticated;
    }

    @Override
    public HttpSession getSession(boolean create) {
        HttpSession session = super.getSession(create);
        if (session != null) {
            mark();
        }
        return session;
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public void logout() throws ServletException {
        super.logout();
        Session session = request.getSessionInternal(false);
        if (session != null && request.getPrincipal() != principal) {
            TomcatSessions.forget(session);
        }
    }

    /** Marks the request's session for the user, unless the webapp logged the user out first. */
    void mark() {
        Session session = request.getSessionInternal(false);
        if (session != null && request.getPrincipal() == principal) {
            TomcatSessions.remember(session, authenticated.sealed());
        }
    }
}
