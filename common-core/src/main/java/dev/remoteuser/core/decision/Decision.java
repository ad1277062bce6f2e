package dev.remoteuser.core.decision;

import dev.remoteuser.core.internal.LogSafe;
import dev.remoteuser.core.internal.StageMemo;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The single answer of {@code RemoteUserPolicy.decide(RequestView)} for one request. An adapter first removes
 * {@link #headersToRemove()} from the request the webapp will see, then maps the variant to its container through a
 * {@link Visitor}, so that every consumer handles every kind.
 */
public sealed interface Decision {

    /**
     * Handles each kind of decision. Consumers implement all five methods, so a kind added later is a compile error
     * in each of them instead of a case silently skipped.
     *
     * @param <R> what handling a decision gives
     */
    interface Visitor<R> {
        R authenticated(Authenticated decision);

        R notAttempted(NotAttempted decision);

        R rejected(Rejected decision);

        R loggedOut(LoggedOut decision);

        R diagnosed(Diagnosed decision);
    }

    /** Calls the visitor's method for this kind of decision. */
    <R> R accept(Visitor<R> visitor);

    /**
     * What the adapter does with the request's session, whatever the kind of decision: {@link
     * SessionPlan#UNTOUCHED} unless the kind says otherwise (refusals and the report never touch a session).
     */
    default SessionPlan session() {
        return SessionPlan.UNTOUCHED;
    }

    /**
     * Header names, as the request spelled them, that the webapp must not see: identity headers from untrusted peers
     * or outside {@code headerPaths}, and every lookalike spelling. Adapters remove them case-insensitively.
     */
    Set<String> headersToRemove();

    /**
     * The forged identity headers removed from a request that went on: {@link Stripped#NONE} unless the kind says
     * otherwise (a refusal is counted and logged as its reason; the report strips nothing it would not anyway).
     */
    default Stripped stripped() {
        return Stripped.NONE;
    }

    /**
     * The request is authenticated as {@code identity}.
     *
     * @param identity the user, roles and attributes to expose through the principal
     * @param sealer   seals the identity for the session when an adapter asks ({@link #sealed()})
     * @param source   whether this request's header asserted the user or the session remembered it
     * @param existing what to do with the request's existing session
     * @param remember when the identity goes into a session: now, or when the webapp creates one
     * @param stripped forged lookalike headers (or, with {@code identitySource=connector}, identity headers from an
     *                 untrusted peer) removed on the way
     * @param shown    where the adapter may keep what it built for this identity, beside the core's memo entry of a
     *                 returning user ({@code dev.remoteuser.core.PrincipalMemo#of(Authenticated)} reads and writes
     *                 it); null when the identity is not remembered
     */
    record Authenticated(Identity identity, SessionSealer sealer, Source source,
                         SessionPlan.Existing existing, SessionPlan.Remember remember, Set<String> headersToRemove,
                         Stripped stripped, StageMemo shown)
            implements Decision {
        public Authenticated {
            Objects.requireNonNull(stripped, "stripped");
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(sealer, "sealer");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(existing, "existing");
            if (remember == null || remember == SessionPlan.Remember.NEVER) {
                throw new IllegalArgumentException("an authenticated request remembers its identity");
            }
            headersToRemove = headersToRemove.isEmpty() ? Set.of() : Set.copyOf(headersToRemove);
        }

        /**
         * The plan for the existing session and this identity (made when the adapter asks, so that deciding
         * allocates no plan).
         */
        @Override
        public SessionPlan session() {
            return new SessionPlan(existing, remember, identity, sealer);
        }

        /** The identity as the session keeps it ({@link SessionPlan#sealed()}), sealed now. */
        public String sealed() {
            return sealer.seal(identity);
        }

        /** An authenticated request from which nothing forged was stripped, its identity not remembered. */
        public Authenticated(Identity identity, SessionSealer sealer, Source source,
                             SessionPlan.Existing existing, SessionPlan.Remember remember,
                             Set<String> headersToRemove) {
            this(identity, sealer, source, existing, remember, headersToRemove, Stripped.NONE, null);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.authenticated(this);
        }
    }

    /**
     * No identity from us: the container's own login (FORM, BASIC, an existing session of another login) decides.
     * The request must not carry a principal that we remembered in the session.
     *
     * @param session {@link SessionPlan#FORGET} when the session holds a user we logged in and the header is gone in
     *                per-request mode, otherwise {@link SessionPlan#UNTOUCHED}
     * @param stripped the forged identity and lookalike headers removed on the way
     */
    record NotAttempted(SessionPlan session, Set<String> headersToRemove, Stripped stripped) implements Decision {
        public NotAttempted {
            Objects.requireNonNull(stripped, "stripped");
            Objects.requireNonNull(session, "session");
            if (session.remember() != SessionPlan.Remember.NEVER) {
                throw new IllegalArgumentException("nobody is authenticated, so nobody is remembered");
            }
            headersToRemove = headersToRemove.isEmpty() ? Set.of() : Set.copyOf(headersToRemove);
        }

        /** A request left to the container from which nothing forged was stripped. */
        public NotAttempted(SessionPlan session, Set<String> headersToRemove) {
            this(session, headersToRemove, Stripped.NONE);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.notAttempted(this);
        }
    }

    /**
     * Refuse the request with {@link Reason#status()}. Never create a session or set a cookie for it.
     *
     * @param cause   what failed, for the operator's log line ({@code AuditLog} adds it, escaped and cut): the
     *                store's or the assertion check's message, or the unexpected exception's type; never a token or
     *                secret, and no header value but what a store's message may quote; log it only through {@code
     *                AuditLog} or {@link LogSafe}; empty when the reason says it all
     * @param failure for {@link Reason#INTERNAL_ERROR}: the unexpected exception, its messages escaped, to log with
     *                its stack trace; otherwise empty
     */
    record Rejected(Reason reason, Set<String> headersToRemove, Optional<String> cause, Optional<Throwable> failure)
            implements Decision {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(failure, "failure");
            headersToRemove = headersToRemove.isEmpty() ? Set.of() : Set.copyOf(headersToRemove);
        }

        /** A refusal whose reason says it all. */
        public Rejected(Reason reason, Set<String> headersToRemove) {
            this(reason, headersToRemove, Optional.empty(), Optional.empty());
        }

        /** The HTTP status to answer with. */
        public int status() {
            return reason.status();
        }

        /** The response to send: the status, {@code no-store}, a challenge on 401, the reason code as the body. */
        public Answer answer() {
            return Answer.refusal(reason);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.rejected(this);
        }
    }

    /**
     * The request hit {@code logoutPath}: invalidate the session, then redirect to {@code redirect} when present, or
     * pass the now anonymous request on to the webapp.
     *
     * @param stripped the forged identity and lookalike headers removed on the way
     */
    record LoggedOut(Optional<String> redirect, Set<String> headersToRemove, Stripped stripped) implements Decision {
        public LoggedOut {
            Objects.requireNonNull(stripped, "stripped");
            Objects.requireNonNull(redirect, "redirect");
            headersToRemove = headersToRemove.isEmpty() ? Set.of() : Set.copyOf(headersToRemove);
        }

        /** The redirect to send, when {@code logoutRedirect} is set; otherwise the webapp runs, anonymous. */
        public Optional<Answer> answer() {
            return redirect.map(Answer::redirect);
        }

        /** {@link SessionPlan#FORGET}. */
        @Override
        public SessionPlan session() {
            return SessionPlan.FORGET;
        }

        /** A logout from which nothing forged was stripped. */
        public LoggedOut(Optional<String> redirect, Set<String> headersToRemove) {
            this(redirect, headersToRemove, Stripped.NONE);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.loggedOut(this);
        }
    }

    /**
     * The request asked for {@code diagnosticsPath}: answer 200 with this JSON report (no session change, the webapp
     * never runs). The report describes what the decision for the same headers on another path would be.
     *
     * @param json            the report, ASCII only
     * @param headersToRemove as for every decision
     */
    record Diagnosed(String json, Set<String> headersToRemove) implements Decision {
        public Diagnosed {
            Objects.requireNonNull(json, "json");
            headersToRemove = headersToRemove.isEmpty() ? Set.of() : Set.copyOf(headersToRemove);
        }

        /** The response to send: the report as JSON, {@code no-store}. */
        public Answer answer() {
            return Answer.report(json);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.diagnosed(this);
        }
    }

    /** Where an authenticated identity came from on this request. */
    enum Source {
        /** The proxy asserted it in this request's headers. */
        HEADER,
        /** Persistent mode: the session remembered it from an earlier request. */
        SESSION
    }
}
