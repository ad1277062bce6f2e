package dev.remoteuser.jetty;

import dev.remoteuser.core.IdentityMemo;
import dev.remoteuser.core.decision.Identity;

import javax.security.auth.Subject;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.UserIdentity;

/**
 * Jetty's user for each identity. Users are immutable (read-only subject, fixed roles), and the core hands a
 * returning user an equal identity, so they are built once per distinct identity and kept (at most {@link
 * IdentityMemo#MAX_ENTRIES}, least recently used dropped first).
 */
final class JettyUsers {

    private final IdentityService identityService;
    private final IdentityMemo<UserIdentity> users = new IdentityMemo<>(this::build);

    JettyUsers(IdentityService identityService) {
        this.identityService = identityService;
    }

    UserIdentity of(Identity identity) {
        return users.of(identity);
    }

    private UserIdentity build(Identity identity) {
        RemoteUserPrincipal principal = new RemoteUserPrincipal(identity.name(), identity.attributes());
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.setReadOnly();
        return identityService.newUserIdentity(subject, principal, identity.roles().toArray(new String[0]));
    }
}
