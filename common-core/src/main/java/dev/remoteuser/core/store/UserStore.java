package dev.remoteuser.core.store;

import dev.remoteuser.core.decision.Identity;

import java.util.Optional;

/**
 * A password-less look-up of users the proxy asserted: Tomcat's Realm, Jetty's LoginService or a JAAS stack behind
 * an adapter. Implementations must be safe for concurrent use; the core caches their answers
 * ({@code userCacheTtl}, {@code userCacheSize}).
 */
@FunctionalInterface
public interface UserStore {

    /**
     * Looks up the user the proxy asserted.
     *
     * @param asserted the normalised name, the roles from the headers, the groups and the attributes; realm-like
     *                 stores use only the name, a JAAS stack may use the rest
     * @return the user's roles, or empty when the store does not know the user
     * @throws AccountDisabledException when the account exists but is locked, expired or disabled (403)
     * @throws UserStoreException       when the store cannot answer (503; the request is refused, never let through)
     */
    Optional<StoredUser> find(Identity asserted) throws UserStoreException;

    /**
     * Whether the answer depends on the user name alone (a Tomcat Realm, a Jetty LoginService), so the core caches
     * one answer per name. Otherwise (the default, right for a JAAS stack that may read the groups) it caches one per
     * name and asserted groups. A name-only store that says {@code false} lets a client-chosen groups header force a
     * look-up and a cache entry per distinct value.
     */
    default boolean answersByNameOnly() {
        return false;
    }
}
