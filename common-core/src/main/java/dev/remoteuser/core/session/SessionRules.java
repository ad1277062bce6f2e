package dev.remoteuser.core.session;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.SessionPlan;
import dev.remoteuser.core.decision.Stripped;
import dev.remoteuser.core.request.RequestView;

import java.util.Optional;

/**
 * The session stage: what happens to the request's session, decided once here for every adapter. A session is never
 * created for a request unless persistent mode remembers the identity in it; an existing session that belongs to
 * someone else is replaced, one that no login of ours made gets a new id.
 */
public final class SessionRules {

    private final SessionSettings settings;
    private final SessionSeal seal;

    public SessionRules(SessionSettings settings) {
        this.settings = settings;
        this.seal = new SessionSeal(settings.key());
    }

    /** The identity we logged into the request's existing session: only a value that {@link SessionSeal} opens. */
    public Optional<Identity> remembered(RequestView request) {
        return seal.open(request.sessionValue());
    }

    /**
     * {@code stripped}, with the reason the request's session value holds no identity when it holds one that does not
     * verify. A value that verifies is in the seal's memo (the decision opened it first), so it costs a look-up; a
     * session without our value costs one attribute read and nothing more.
     */
    public Stripped checked(RequestView request, Stripped stripped) {
        if (!request.hasSession()) {
            return stripped;
        }
        return stripped.withSession(seal.whyNot(request.sessionValue()));
    }

    /** The identity as the session keeps it ({@link SessionPlan#sealed()}). */
    public String sealed(Identity identity) {
        return seal.seal(identity);
    }

    /**
     * What happens to the session of a request whose headers authenticated {@code identity}: kept when it is
     * already this user's, invalidated when it is someone else's (a session another login made for another user
     * too: kept, the container could bring that user back where the header does not count), its id renewed
     * otherwise (session fixation defence).
     */
    public SessionPlan.Existing existingFor(RequestView request, Identity identity) {
        if (!request.hasSession()) {
            // nothing to keep, renew or replace: most requests behind a proxy carry no session
            return SessionPlan.Existing.KEEP;
        }
        Optional<Identity> remembered = remembered(request);
        if (remembered.isPresent()) {
            return remembered.get().name().equals(identity.name())
                    ? SessionPlan.Existing.KEEP : SessionPlan.Existing.INVALIDATE;
        }
        return request.sessionUser().filter(user -> !user.equals(identity.name())).isPresent()
                ? SessionPlan.Existing.INVALIDATE : SessionPlan.Existing.RENEW_ID;
    }

    /** Persistent mode: the identity the session remembers, for a request without the header. */
    public Optional<Identity> rememberedIdentity(RequestView request) {
        return settings.mode() == Mode.PERSISTENT ? remembered(request) : Optional.empty();
    }

    /**
     * The plan for a request on a header path that carries no identity: in per-request mode a session we logged a
     * user into is forgotten (the header is gone, so is the user); otherwise untouched.
     */
    public SessionPlan withoutIdentity(RequestView request, boolean onHeaderPath) {
        boolean logout = onHeaderPath && settings.mode() == Mode.PER_REQUEST
                && remembered(request).isPresent();
        return logout ? SessionPlan.FORGET : SessionPlan.UNTOUCHED;
    }

    /** When an authenticated identity goes into a session: now in persistent mode, else when the webapp makes one. */
    public SessionPlan.Remember remember() {
        return settings.mode() == Mode.PERSISTENT ? SessionPlan.Remember.NOW
                : SessionPlan.Remember.WHEN_THE_WEBAPP_ASKS;
    }
}
