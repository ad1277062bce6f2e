package dev.remoteuser.jetty;

import dev.remoteuser.core.IdentityExposure;
import dev.remoteuser.core.PrincipalMemo;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;

import javax.security.auth.Subject;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.UserIdentity;

/**
 * Jetty's user for each identity, with the request attributes that go beside it. Both are immutable (read-only
 * subject, fixed roles), and the core hands a returning user an equal identity, so they are built once per distinct
 * identity and kept (at most {@link PrincipalMemo#MAX_ENTRIES}, least recently used dropped first).
 */
final class JettyUsers {

    private final IdentityService identityService;
    private final PrincipalMemo<Known> users = new PrincipalMemo<>(this::build);

    /** What the webapp sees of one identity: Jetty's user, and the request attributes beside it. */
    record Known(UserIdentity user, IdentityExposure.RequestAttributes requestAttributes) {
    }

    JettyUsers(IdentityService identityService) {
        this.identityService = identityService;
    }

    Known of(Decision.Authenticated authenticated) {
        return users.of(authenticated);
    }

    private Known build(Identity identity) {
        RemoteUserPrincipal principal = new RemoteUserPrincipal(identity.name(), identity.attributes());
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.setReadOnly();
        return new Known(identityService.newUserIdentity(subject, principal, identity.roles().toArray(new String[0])),
                IdentityExposure.requestAttributes(identity));
    }
}
