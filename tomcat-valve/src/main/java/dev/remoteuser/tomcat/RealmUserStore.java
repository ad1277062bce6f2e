package dev.remoteuser.tomcat;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.store.StoredUser;
import dev.remoteuser.core.store.UserStore;
import dev.remoteuser.core.store.UserStoreException;

import java.security.Principal;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.catalina.Realm;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * {@code userStore="realm"}: the Context's Realm answers through its password-less {@code authenticate(username)}.
 * A Realm answers null both for an unknown user and when it fails (a DataSourceRealm whose database is down logs the
 * error and answers null), so a null answer from a Realm that then reports itself unavailable
 * ({@code Realm.isAvailable()}, false after a DataSourceRealm could not get a connection) is a store failure (503),
 * as is an exception. A DataSourceRealm's flag is one for all threads (another thread's connection resets it) and says
 * nothing of a query that failed on a connection it did get, so a null is asked once more before it counts as
 * unknown: a database coming back no longer turns a known user into an unknown one. What still looks like an unknown
 * user is a realm failing twice in a row while it says it is available (or a failure inside a CombinedRealm while
 * another of its realms is available), so set {@code createUnknownUsers="false"} with a database realm.
 */
final class RealmUserStore implements UserStore {

    private final Realm realm;

    RealmUserStore(Realm realm) {
        this.realm = realm;
    }

    /** A look-up by name: the asserted groups play no part in the answer. */
    @Override
    public boolean answersByNameOnly() {
        return true;
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
        Principal principal = realm.authenticate(asserted.name());
        if (principal == null) {
            // a null may be a failure the realm's availability flag does not show: ask once more
            principal = realm.authenticate(asserted.name());
        }
        if (principal == null) {
            if (!realm.isAvailable()) {
                throw new UserStoreException("the realm is unavailable (" + realm.getClass().getName() + ")");
            }
            return Optional.empty();
        }
        Set<String> roles = principal instanceof GenericPrincipal generic ? Set.copyOf(Arrays.asList(generic.getRoles())) : Set.of();
        return Optional.of(new StoredUser(roles));
    }
}
