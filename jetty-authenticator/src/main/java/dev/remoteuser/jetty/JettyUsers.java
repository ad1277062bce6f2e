package dev.remoteuser.jetty;

import dev.remoteuser.core.decision.Identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import org.eclipse.jetty.security.IdentityService;
import org.eclipse.jetty.security.UserIdentity;

/**
 * Jetty's user for each identity. Users are immutable (read-only subject, fixed roles), and the core hands a
 * returning user an equal identity, so they are built once per distinct identity and kept (at most {@value
 * #MAX_USERS}; all are dropped when full).
 */
final class JettyUsers {

    /** Most Jetty users kept. */
    static final int MAX_USERS = 16_384;

    private final IdentityService identityService;
    private final Map<Identity, UserIdentity> users = new ConcurrentHashMap<>();

    JettyUsers(IdentityService identityService) {
        this.identityService = identityService;
    }

    UserIdentity of(Identity identity) {
        UserIdentity known = users.get(identity);
        if (known != null) {
            return known;
        }
        RemoteUserPrincipal principal = new RemoteUserPrincipal(identity.name(), identity.attributes());
        Subject subject = new Subject();
        subject.getPrincipals().add(principal);
        subject.setReadOnly();
        UserIdentity user = identityService.newUserIdentity(subject, principal,
                identity.roles().toArray(new String[0]));
        if (users.size() >= MAX_USERS) {
            users.clear();
        }
        users.put(identity, user);
        return user;
    }
}
