package dev.remoteuser.core.decision;

import java.util.Objects;

/**
 * The one thing an adapter does with the request's session for a decision, in this order: first to the session the
 * request already has ({@link #existing()}), then whether the user's identity goes into a session ({@link
 * #remember()}). Every decision carries one ({@link Decision#session()}); the adapters carry it out and decide
 * nothing about sessions themselves.
 *
 * @param existing what happens to a session the request already has
 * @param remember whether and when the authenticated identity is remembered in a session
 * @param identity the identity to remember; null exactly when {@code remember} is {@link Remember#NEVER}
 * @param sealer   makes {@code identity} as the session keeps it ({@link #sealed()}), only when an adapter asks (most
 *                 requests have no session to put it in); null exactly when {@code identity} is
 */
public record SessionPlan(Existing existing, Remember remember, Identity identity, SessionSealer sealer) {

    /** What happens to a session the request already has (nothing, when it has none). */
    public enum Existing {
        /** Leave it as it is: it belongs to this user already, or the decision does not touch sessions. */
        KEEP,
        /** Give it a new id: it was anonymous, or another login's for the same user (session fixation defence). */
        RENEW_ID,
        /** Invalidate it: it belongs to someone else (a new one may follow), or the user logged out. */
        INVALIDATE
    }

    /** Whether and when the authenticated identity goes into a session. */
    public enum Remember {
        /** Never: nobody is authenticated by us on this request. */
        NEVER,
        /**
         * Per-request mode: in the request's session if it has one after {@link #existing()}, and in a session the
         * webapp creates during the request, the moment it creates it. Never create one for this.
         */
        WHEN_THE_WEBAPP_ASKS,
        /** Persistent mode: create a session if there is none and remember the identity in it now. */
        NOW
    }

    /** Touch nothing: refusals, the diagnostics report, requests left to the container. */
    public static final SessionPlan UNTOUCHED = new SessionPlan(Existing.KEEP, Remember.NEVER, null, null);
    /** Invalidate the session and remember nobody: logout. */
    public static final SessionPlan FORGET = new SessionPlan(Existing.INVALIDATE, Remember.NEVER, null, null);

    public SessionPlan {
        Objects.requireNonNull(existing, "existing");
        Objects.requireNonNull(remember, "remember");
        if ((remember == Remember.NEVER) != (identity == null)) {
            throw new IllegalArgumentException("an identity is remembered exactly when remember is not NEVER");
        }
        if ((identity == null) != (sealer == null)) {
            throw new IllegalArgumentException("a sealed identity comes exactly with an identity");
        }
    }

    /**
     * The identity as the session keeps it: the value of the session attribute {@code
     * dev.remoteuser.core.session.SessionSeal#ATTRIBUTE}, or null when nobody is remembered. An adapter writes it
     * only when the session does not hold this very value yet.
     */
    public String sealed() {
        return sealer == null ? null : sealer.seal(identity);
    }
}
