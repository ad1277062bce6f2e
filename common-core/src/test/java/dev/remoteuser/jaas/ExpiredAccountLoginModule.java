package dev.remoteuser.jaas;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.AccountExpiredException;
import javax.security.auth.login.CredentialExpiredException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/** A directory-like module: option {@code expired} names a user whose account expired, {@code password} one whose credentials did. */
public class ExpiredAccountLoginModule implements LoginModule {
    private Map<String, ?> shared;
    private Map<String, ?> options;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {
        this.shared = shared;
        this.options = options;
    }

    @Override
    public boolean login() throws LoginException {
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
