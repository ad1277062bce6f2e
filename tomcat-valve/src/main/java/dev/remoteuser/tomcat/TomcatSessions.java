package dev.remoteuser.tomcat;

import dev.remoteuser.core.decision.SessionPlan;

import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * Carries out the core's session plan with Tomcat's session API. The identity lives in a session note: never
 * replicated or persisted, out of the webapp's reach, and never the session's principal, so Tomcat's own
 * authenticators cannot bring it back on a request the core did not authenticate.
 */
final class TomcatSessions {

    /** Session note holding the identity the valve logged in. */
    static final String IDENTITY_NOTE = "dev.remoteuser.identity";

    private TomcatSessions() {
    }

    /**
     * First what happens to the session the request has, then whether the identity goes into a session.
     *
     * @param existing the request's session when the core decided (null without one): nothing ran in between
     */
    static void carryOut(Request request, Session existing, SessionPlan plan) {
        if (existing != null) {
            switch (plan.existing()) {
                case KEEP -> {
                    // the session already belongs to this user, or the decision leaves sessions alone
                }
                case RENEW_ID -> request.changeSessionId();
                case INVALIDATE -> existing.expire();
            }
        }
        switch (plan.remember()) {
            case NEVER -> {
                // nobody authenticated by us
            }
            case WHEN_THE_WEBAPP_ASKS, NOW -> {
                // the session the request still has (one look-up less), or with NOW one made if there is none
                Session session = plan.remember() == SessionPlan.Remember.NOW ? request.getSessionInternal(true)
                        : existing != null && plan.existing() != SessionPlan.Existing.INVALIDATE ? existing : null;
                if (session != null) {
                    session.setNote(IDENTITY_NOTE, plan.identity());
                }
            }
        }
    }

    /**
     * Keeps Tomcat from caching our principal in the session (its authenticators would restore it on requests the
     * core did not authenticate). A session the webapp created through {@link SessionMarkingRequest} is marked
     * already; this catches one made past it (a component that unwrapped the request), and forgets the identity
     * when the webapp called {@code request.logout()}.
     */
    static void afterRequest(Request request, GenericPrincipal principal, SessionMarkingRequest marking) {
        Session session = request.getSessionInternal(false);
        if (session == null) {
            return;
        }
        if (session.getPrincipal() == principal) {
            session.setPrincipal(null);
            session.setAuthType(null);
        }
        if (request.getPrincipal() != principal) {
            session.removeNote(IDENTITY_NOTE);
        } else {
            marking.mark();
        }
    }
}
