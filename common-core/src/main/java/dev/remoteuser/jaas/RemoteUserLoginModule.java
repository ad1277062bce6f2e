package dev.remoteuser.jaas;

import dev.remoteuser.core.config.Option;
import dev.remoteuser.core.config.OptionReader;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.identity.RoleSettings;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS login module that logs in the user our adapter vouched for, and nothing else. It asks its callback handler
 * for a {@link RemoteUserCallback} carrying a {@link VouchedIdentity}; it never reads a {@code NameCallback}
 * or {@code PasswordCallback}, so placing it in a password login stack (Tomcat's JAASRealm, Jetty's
 * JAASLoginService, a FORM or BASIC login) cannot log anyone in: their handlers do not answer our callback and the
 * module fails.
 *
 * <p>On commit it adds a {@link UserPrincipal} and a {@link RolePrincipal} per role: the roles the adapter resolved,
 * plus the roles its own options give for the asserted groups. Options: {@code roleMapping}, {@code defaultRoles}
 * and {@code excludedGroups}, with the same formats as everywhere else. It puts the user name into the shared state
 * as {@code javax.security.auth.login.name} for modules stacked after it. {@code abort} and {@code logout} remove
 * only what it added.
 */
public class RemoteUserLoginModule implements LoginModule {

    /** The shared-state key under which JDK login modules look for the user name. */
    public static final String SHARED_NAME = "javax.security.auth.login.name";

    private static final Set<String> ROLE_OPTIONS = Set.of(Option.ROLE_MAPPING.key(), Option.DEFAULT_ROLES.key(),
            Option.EXCLUDED_GROUPS.key());

    private Subject subject;
    private CallbackHandler callbackHandler;
    private Map<String, Object> sharedState;
    private RoleSettings roleOptions;
    private Identity identity;
    private final List<Principal> added = new ArrayList<>();

    @Override
    @SuppressWarnings("unchecked")
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbackHandler = callbackHandler;
        this.sharedState = (Map<String, Object>) sharedState;
        Map<Option, String> values = new EnumMap<>(Option.class);
        for (Map.Entry<String, ?> option : options.entrySet()) {
            if (ROLE_OPTIONS.contains(option.getKey())) {
                values.put(Option.byKey(option.getKey()).orElseThrow(), String.valueOf(option.getValue()));
            } else if (!"debug".equals(option.getKey())) {
                throw new IllegalArgumentException("remote-user-auth: " + option.getKey()
                        + " is not an option of RemoteUserLoginModule (roleMapping, defaultRoles, excludedGroups)");
            }
        }
        OptionReader reader = new OptionReader(values);
        RoleSettings roles = RoleSettings.read(reader);
        reader.throwIfProblems();
        this.roleOptions = values.isEmpty() ? null : roles;
    }

    @Override
    public boolean login() throws LoginException {
        if (callbackHandler == null) {
            throw new FailedLoginException("remote-user-auth: no callback handler, so no vouched-for identity");
        }
        RemoteUserCallback callback = new RemoteUserCallback();
        try {
            callbackHandler.handle(new Callback[] {callback});
        } catch (UnsupportedCallbackException e) {
            throw new FailedLoginException("remote-user-auth: this module only accepts an identity vouched for by"
                    + " remote-user-auth, never a user name or password");
        } catch (IOException e) {
            throw new LoginException("remote-user-auth: callback handler failed: " + e.getMessage());
        }
        Identity verified = callback.getIdentity() == null ? null : callback.getIdentity().identity();
        if (verified == null) {
            throw new FailedLoginException("remote-user-auth: no identity vouched for by remote-user-auth");
        }
        identity = verified;
        if (sharedState != null) {
            sharedState.put(SHARED_NAME, verified.name());
        }
        return true;
    }

    @Override
    public boolean commit() throws LoginException {
        if (identity == null) {
            return false;
        }
        if (subject.isReadOnly()) {
            throw new LoginException("remote-user-auth: the Subject is read-only");
        }
        Set<String> roles = new LinkedHashSet<>(identity.roles());
        if (roleOptions != null) {
            roles.addAll(roleOptions.rolesForGroups(identity.groups()));
        }
        List<Principal> principals = new ArrayList<>();
        principals.add(new UserPrincipal(identity.name()));
        roles.forEach(role -> principals.add(new RolePrincipal(role)));
        for (Principal principal : principals) {
            // one that another module already added is not ours to remove later
            if (subject.getPrincipals().add(principal)) {
                added.add(principal);
            }
        }
        return true;
    }

    @Override
    public boolean abort() {
        if (identity == null) {
            return false;
        }
        logout();
        return true;
    }

    @Override
    public boolean logout() {
        if (!subject.isReadOnly()) {
            subject.getPrincipals().removeAll(added);
        }
        added.clear();
        identity = null;
        return true;
    }
}
