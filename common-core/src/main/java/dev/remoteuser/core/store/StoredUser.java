package dev.remoteuser.core.store;

import java.util.Set;

/**
 * What a {@link UserStore} knows of a user.
 *
 * @param roles the user's roles in the store; merged with the roles from the headers
 */
public record StoredUser(Set<String> roles) {
    public StoredUser {
        roles = Set.copyOf(roles);
    }
}
