package dev.remoteuser.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * A JAAS module for fault tests whose behaviour an operator-like test switches at run time by writing one word to
 * the file named by option {@code modeFile}: {@code ok} (the user, role {@code manager}), {@code throw} (a
 * LoginException: the store is down), {@code crash} (an unchecked exception: a buggy module) or {@code hang} (no
 * answer until the word changes). Its principals are {@link User} and {@link Role} (set {@code jaasUserClasses} and
 * {@code jaasRoleClasses} to their names).
 */
public final class FaultyLoginModule implements LoginModule {

    /** The user principal this module adds. */
    public record User(String getName) implements Principal {
    }

    /** The role principal this module adds. */
    public record Role(String getName) implements Principal {
    }

    private Subject subject;
    private CallbackHandler handler;
    private Path modeFile;
    private String user;

    @Override
    public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.handler = handler;
        this.modeFile = Path.of((String) options.get("modeFile"));
    }

    @Override
    public boolean login() throws LoginException {
        String mode = mode();
        while (mode.equals("hang")) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoginException("interrupted while hanging");
            }
            mode = mode();
        }
        switch (mode) {
            case "throw" -> throw new LoginException("store down (fault test)");
            case "crash" -> throw new IllegalStateException("module bug (fault test)");
            default -> {
                NameCallback name = new NameCallback("user");
                try {
                    handler.handle(new Callback[] {name});
                } catch (IOException | UnsupportedCallbackException e) {
                    throw new LoginException(e.toString());
                }
                user = name.getName();
                return true;
            }
        }
    }

    private String mode() throws LoginException {
        try {
            return Files.readString(modeFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new LoginException("mode file unreadable: " + e);
        }
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().add(new User(user));
        subject.getPrincipals().add(new Role("manager"));
        return true;
    }

    @Override
    public boolean abort() {
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeIf(p -> p instanceof User || p instanceof Role);
        return true;
    }
}
