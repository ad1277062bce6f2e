package dev.remoteuser.jetty;

import dev.remoteuser.core.decision.SessionPlan;
import dev.remoteuser.core.session.SessionSeal;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Session;

/**
 * Carries out the core's session plan with Jetty's session API. The identity goes into the session attribute {@link
 * SessionSeal#ATTRIBUTE} as the core sealed it: a string, which every session data store (file, JDBC, Infinispan,
 * Hazelcast ...) saves and loads without a class of ours on the webapp's class path, and which a webapp cannot forge.
 */
final class JettySessions {

    private JettySessions() {
    }

    /** First what happens to the session the request has, then whether the identity goes into a session. */
    static void carryOut(Request request, Response response, SessionPlan plan) {
        Session existing = request.getSession(false);
        if (existing != null && existing.isValid()) {
            switch (plan.existing()) {
                case KEEP -> {
                    // the session already belongs to this user, or the decision leaves sessions alone
                }
                case RENEW_ID -> existing.renewId(request, response);
                case INVALIDATE -> existing.invalidate();
            }
        }
        switch (plan.remember()) {
            case NEVER -> {
                // nobody authenticated by us
            }
            case WHEN_THE_WEBAPP_ASKS, NOW -> {
                Session session = request.getSession(plan.remember() == SessionPlan.Remember.NOW);
                if (session != null) {
                    remember(session, plan.sealed());
                }
            }
        }
    }

    /** Keeps the sealed identity in a valid session, writing only a changed value (a write makes the session dirty). */
    static void remember(Session session, String sealed) {
        if (session.isValid() && !sealed.equals(session.getAttribute(SessionSeal.ATTRIBUTE))) {
            session.setAttribute(SessionSeal.ATTRIBUTE, sealed);
        }
    }
}
