package dev.remoteuser.jaas;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.AccountExpiredException;
import javax.security.auth.login.CredentialExpiredException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A directory-like module stacked after RemoteUserLoginModule, scripted by options: {@code expired} names a user
 * whose account expired, {@code password} one whose credentials expired, {@code broken=true} makes every login throw
 * an unchecked exception (a module with a bug). Counts its logins.
 */
public class ScriptedLoginModule implements LoginModule {

    static final AtomicInteger LOGINS = new AtomicInteger();

    private Map<String, ?> shared;
    private Map<String, ?> options;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {
        this.shared = shared;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
        LOGINS.incrementAndGet();
        if ("true".equals(options.get("broken"))) {
            throw new IllegalStateException("directory unreachable");
        }
        Object name = shared.get(RemoteUserLoginModule.SHARED_NAME);
        if (name != null && name.equals(options.get("expired"))) {
            throw new AccountExpiredException("expired");
        }
        if (name != null && name.equals(options.get("password"))) {
            throw new CredentialExpiredException("expired");
        }
        return false;
    }

    @Override
    public boolean commit() {
        return false;
    }

    @Override
    public boolean abort() {
        return false;
    }

    @Override
    public boolean logout() {
        return false;
    }
}
