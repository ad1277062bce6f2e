package dev.remoteuser.jaas;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.store.AccountDisabledException;
import dev.remoteuser.core.store.StoreSettings;
import dev.remoteuser.core.store.StoredUser;
import dev.remoteuser.core.store.UserStore;
import dev.remoteuser.core.store.UserStoreException;

import java.security.Principal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AccountExpiredException;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.AccountNotFoundException;
import javax.security.auth.login.CredentialExpiredException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * {@code userStore="jaas"}: runs a JAAS login through the {@code jaasAppName} entry of the standard login
 * configuration ({@code java.security.auth.login.config}) for each asserted user (answers are cached by the core).
 * Its callback handler answers {@link RemoteUserCallback} with a {@link VouchedIdentity} and
 * {@code NameCallback} with the user name; it never answers a password callback.
 *
 * <p>Outcome: a locked or expired account ({@code AccountLockedException}, {@code AccountExpiredException},
 * {@code CredentialExpiredException}) is a disabled account (403); {@code FailedLoginException} or {@code
 * AccountNotFoundException}, or no principal of {@code jaasUserClasses}, is an unknown user (403 with
 * {@code createUnknownUsers="false"}); any other failure, a module's unexpected exception included, makes the store
 * unavailable (503). Roles are the names of the Subject's principals whose class, a superclass or an interface is
 * named in {@code jaasRoleClasses}.
 */
public final class JaasUserStore implements UserStore {

    private final String appName;
    private final Set<String> userClasses;
    private final Set<String> roleClasses;

    /**
     * @throws IllegalArgumentException when the configuration has no {@code jaasAppName}
     */
    public JaasUserStore(StoreSettings settings) {
        this.appName = settings.jaasAppName().orElseThrow(
                () -> new IllegalArgumentException("userStore=jaas needs jaasAppName"));
        this.userClasses = settings.jaasUserClasses();
        this.roleClasses = settings.jaasRoleClasses();
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
        Subject subject = new Subject();
        VouchedIdentity vouched = VouchedIdentity.of(asserted);
        CallbackHandler handler = callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof RemoteUserCallback remoteUser) {
                    remoteUser.setIdentity(vouched);
                } else if (callback instanceof NameCallback name) {
                    name.setName(asserted.name());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
        LoginContext login;
        try {
            login = new LoginContext(appName, subject, handler);
            login.login();
        } catch (AccountLockedException | AccountExpiredException | CredentialExpiredException e) {
            throw new AccountDisabledException("JAAS: " + e.getClass().getSimpleName());
        } catch (FailedLoginException | AccountNotFoundException e) {
            return Optional.empty();
        } catch (LoginException | SecurityException e) {
            throw new UserStoreException("JAAS login through '" + appName + "' failed", e);
        }
        try {
            if (!userClasses.isEmpty() && subject.getPrincipals().stream().noneMatch(p -> isOf(p, userClasses))) {
                return Optional.empty();
            }
            Set<String> roles = new HashSet<>();
            for (Principal principal : subject.getPrincipals()) {
                if (isOf(principal, roleClasses)) {
                    roles.add(principal.getName());
                }
            }
            return Optional.of(new StoredUser(roles));
        } finally {
            try {
                login.logout();
            } catch (LoginException e) {
                // the roles are read; a module that cannot log out changes nothing here
            }
        }
    }

    /** Whether the principal's class, a superclass or an interface is named in {@code classNames}. */
    private static boolean isOf(Principal principal, Set<String> classNames) {
        Deque<Class<?>> types = new ArrayDeque<>();
        types.add(principal.getClass());
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (classNames.contains(type.getName())) {
                return true;
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(java.util.List.of(type.getInterfaces()));
        }
        return false;
    }
}
