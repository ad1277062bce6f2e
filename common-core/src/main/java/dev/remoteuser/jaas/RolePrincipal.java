package dev.remoteuser.jaas;

import java.io.Serializable;
import java.security.Principal;

/**
 * A role principal added by {@link RemoteUserLoginModule} and {@link PropertiesRolesLoginModule}; the default of
 * {@code jaasRoleClasses}.
 */
public record RolePrincipal(String name) implements Principal, Serializable {
    @Override
    public String getName() {
        return name;
    }
}
