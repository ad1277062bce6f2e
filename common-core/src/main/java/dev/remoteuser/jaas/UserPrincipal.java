package dev.remoteuser.jaas;

import java.io.Serializable;
import java.security.Principal;

/**
 * The user principal {@link RemoteUserLoginModule} adds to the Subject: the normalised user name. Name it in
 * {@code jaasUserClasses} to require that our module took part in the login.
 */
public record UserPrincipal(String name) implements Principal, Serializable {
    @Override
    public String getName() {
        return name;
    }
}
