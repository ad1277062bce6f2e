package dev.remoteuser.jaas;

import dev.remoteuser.core.decision.Identity;

import static dev.remoteuser.jaas.JaasConfigurations.REQUIRED;
import static dev.remoteuser.jaas.JaasConfigurations.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The module's contract: only an identity the JAAS store vouched for logs anyone in; commit, abort and logout touch
 * only its own.
 */
class RemoteUserLoginModuleTest {

    private static final Identity ALICE = new Identity("alice", Set.of("staff"), Set.of("ops", "noise"), Map.of());

    private Configuration previous;

    @AfterEach
    void restore() {
        Configuration.setConfiguration(previous);
    }

    /** A handler that answers only our callback, with this assertion. */
    private static CallbackHandler answering(VouchedIdentity assertion) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof RemoteUserCallback remoteUser) {
                    remoteUser.setIdentity(assertion);
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }

    /** What Tomcat's JAASRealm or a FORM login gives a module: a name and a password. */
    private static CallbackHandler passwordLogin(String user, String password) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pw) {
                    pw.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }

    private static RemoteUserLoginModule module(Subject subject, CallbackHandler handler, Map<String, ?> options) {
        RemoteUserLoginModule module = new RemoteUserLoginModule();
        module.initialize(subject, handler, new HashMap<>(), options);
        return module;
    }

    @Test
    void aVouchedIdentityLogsTheUserInWithItsRolesAndTheModulesOwnMapping() throws LoginException {
        Subject subject = new Subject();
        RemoteUserLoginModule module = module(subject, answering(VouchedIdentity.of(ALICE)),
                Map.of("roleMapping", "ops=operator", "defaultRoles", "user", "excludedGroups", "noise"));

        assertTrue(module.login());
        assertTrue(module.commit());

        assertEquals(List.of("RolePrincipal:operator", "RolePrincipal:staff", "RolePrincipal:user",
                "UserPrincipal:alice"), names(subject.getPrincipals()));
    }

    @Test
    void aPasswordLoginNeverGetsIn() {
        RemoteUserLoginModule module = module(new Subject(), passwordLogin("admin", "anything"), Map.of());

        assertThrows(FailedLoginException.class, module::login);
    }

    @Test
    void inAPasswordStackTheLoginFails() {
        previous = new JaasConfigurations().entry("app", RemoteUserLoginModule.class, REQUIRED, Map.of()).install();

        assertThrows(LoginException.class,
                () -> new LoginContext("app", new Subject(), passwordLogin("admin", "")).login());
        assertThrows(LoginException.class, () -> new LoginContext("app", new Subject()).login());
    }

    @Test
    void withoutAnIdentityTheCoreVouchedForTheLoginFails() {
        assertThrows(FailedLoginException.class, module(new Subject(), answering(null), Map.of())::login);
        assertThrows(FailedLoginException.class, module(new Subject(), null, Map.of())::login);
    }

    /** Code outside this package (a webapp, another login module) has no way to make a vouched identity. */
    @Test
    void onlyThisPackageCanVouchForAnIdentity() {
        assertEquals(0, VouchedIdentity.class.getConstructors().length);
        for (java.lang.reflect.Method method : VouchedIdentity.class.getDeclaredMethods()) {
            assertFalse(java.lang.reflect.Modifier.isPublic(method.getModifiers())
                    && method.getReturnType() == VouchedIdentity.class, method.toString());
        }
        assertFalse(java.io.Serializable.class.isAssignableFrom(VouchedIdentity.class));
    }

    @Test
    void abortAndLogoutRemoveOnlyWhatTheModuleAdded() throws LoginException {
        Subject subject = new Subject();
        Principal foreign = new RolePrincipal("staff");
        Principal other = () -> "kerberos-ticket-holder";
        subject.getPrincipals().add(foreign);
        subject.getPrincipals().add(other);
        RemoteUserLoginModule module = module(subject, answering(VouchedIdentity.of(ALICE)), Map.of());
        module.login();
        module.commit();
        assertTrue(subject.getPrincipals().contains(new UserPrincipal("alice")));

        module.logout();

        assertEquals(Set.of(foreign, other), subject.getPrincipals(), "staff was there before: not ours to remove");
        RemoteUserLoginModule aborted = module(subject, answering(VouchedIdentity.of(ALICE)), Map.of());
        aborted.login();
        aborted.commit();
        assertTrue(aborted.abort());
        assertEquals(Set.of(foreign, other), subject.getPrincipals());
    }

    @Test
    void commitWithoutLoginAddsNothing() throws LoginException {
        Subject subject = new Subject();
        RemoteUserLoginModule module = module(subject, answering(null), Map.of());

        assertFalse(module.commit());
        assertFalse(module.abort());
        assertEquals(Set.of(), subject.getPrincipals());
    }

    @Test
    void unknownOrInvalidOptionsFailInsteadOfBeingIgnored() {
        assertThrows(IllegalArgumentException.class, () -> module(new Subject(), null, Map.of("trustAll", "true")));
        assertThrows(IllegalArgumentException.class, () -> module(new Subject(), null, Map.of("roleMapping", "x")));
    }
}
