package dev.remoteuser.jaas;

import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.spi.LoginModule;

/** A module with a bug: its login throws an unchecked exception. */
public class ThrowingLoginModule implements LoginModule {
    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> shared, Map<String, ?> options) {
    }

    @Override
    public boolean login() {
        throw new IllegalStateException("directory unreachable");
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
