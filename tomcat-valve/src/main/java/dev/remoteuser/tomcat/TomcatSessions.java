package dev.remoteuser.tomcat;

import dev.remoteuser.core.decision.SessionPlan;
import dev.remoteuser.core.session.SessionSeal;

import jakarta.servlet.http.HttpSession;
import org.apache.catalina.Session;
import org.apache.catalina.connector.Request;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * Carries out the core's session plan with Tomcat's session API. The identity lives in the session attribute {@link
 * SessionSeal#ATTRIBUTE} as the core sealed it (a string), so that {@code DeltaManager}, {@code BackupManager}, {@code
 * StandardManager} and {@code PersistentManager} replicate and save it like any attribute, and a value a webapp puts
 * there logs nobody in. It is never the session's principal, so Tomcat's own authenticators cannot bring the user
 * back on a request the core did not authenticate.
 */
final class TomcatSessions {

    private TomcatSessions() {
    }

    /** Keeps the sealed identity in the session, writing only a changed value (each write is replicated). */
    static void remember(Session session, String sealed) {
        try {
            HttpSession http = session.getSession();
            if (!sealed.equals(http.getAttribute(SessionSeal.ATTRIBUTE))) {
                http.setAttribute(SessionSeal.ATTRIBUTE, sealed);
            }
        } catch (IllegalStateException e) {
            // invalidated meanwhile: nothing to remember it in
        }
    }

    /** Forgets the identity the session keeps (the webapp logged the user out). */
    static void forget(Session session) {
        try {
            session.getSession().removeAttribute(SessionSeal.ATTRIBUTE);
        } catch (IllegalStateException e) {
            // invalidated already
        }
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
                    remember(session, plan.sealed());
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
            forget(session);
        } else {
            marking.mark();
        }
    }
}
