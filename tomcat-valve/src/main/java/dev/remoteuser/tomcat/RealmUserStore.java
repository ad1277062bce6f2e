package dev.remoteuser.tomcat;

import dev.remoteuser.core.Identity;
import dev.remoteuser.core.StoredUser;
import dev.remoteuser.core.UserStore;
import java.security.Principal;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.apache.catalina.Realm;
import org.apache.catalina.realm.GenericPrincipal;

/**
 * {@code userStore="realm"}: the Context's Realm answers through its password-less {@code authenticate(username)}.
 * The Realm API cannot tell "unknown" from "failed" (a DataSourceRealm whose database is down answers null), so only
 * an exception thrown by the realm counts as a failure; set {@code createUnknownUsers="false"} to refuse both.
 */
final class RealmUserStore implements UserStore {

    private final Realm realm;

    RealmUserStore(Realm realm) {
        this.realm = realm;
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) {
        Principal principal = realm.authenticate(asserted.name());
        if (principal == null) {
            return Optional.empty();
        }
        Set<String> roles = principal instanceof GenericPrincipal generic ? Set.copyOf(Arrays.asList(generic.getRoles())) : Set.of();
        return Optional.of(new StoredUser(roles));
    }
}
