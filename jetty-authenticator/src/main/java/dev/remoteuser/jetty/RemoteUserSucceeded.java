package dev.remoteuser.jetty;

import dev.remoteuser.core.IdentityExposure;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.session.SessionSeal;

import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Session;

/** A request we authenticated. {@code request.logout()} forgets the identity we kept in the session. */
final class RemoteUserSucceeded implements AuthenticationState.Succeeded {

    private final UserIdentity user;
    private final IdentityExposure.RequestAttributes requestAttributes;
    private final Decision.Authenticated decision;

    RemoteUserSucceeded(JettyUsers.Known known, Decision.Authenticated decision) {
        this.user = known.user();
        this.requestAttributes = known.requestAttributes();
        this.decision = decision;
    }

    /** The request attributes of the identity (groups, principal attributes), made once per identity. */
    IdentityExposure.RequestAttributes requestAttributes() {
        return requestAttributes;
    }

    /** The core's decision for this request (the headers to hide travel with it). */
    Decision.Authenticated decision() {
        return decision;
    }

    Identity identity() {
        return decision.identity();
    }

    @Override
    public String getAuthenticationType() {
        return RemoteUserAuthenticator.AUTH_TYPE;
    }

    @Override
    public UserIdentity getUserIdentity() {
        return user;
    }

    @Override
    public boolean isUserInRole(String role) {
        return user.isUserInRole(role);
    }

    @Override
    public void logout(Request request, Response response) {
        SecurityHandler security = SecurityHandler.getCurrentSecurityHandler();
        IdentityService identityService = security == null ? null : security.getIdentityService();
        if (identityService != null) {
            identityService.onLogout(user);
        }
        Session session = request.getSession(false);
        if (session != null && session.isValid()) {
            session.removeAttribute(SessionSeal.ATTRIBUTE);
        }
        AuthenticationState.setAuthenticationState(request, null);
    }
}
