package dev.remoteuser.jaas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

/**
 * Adds roles from a properties file to a user another module logged in, so role enrichment works without code.
 * Stack it after {@link RemoteUserLoginModule}, which tells it the user name through the shared state. It never
 * authenticates anyone by itself: without a name in the shared state it fails.
 *
 * <p>File format, one user per line: {@code alice=admin,auditor}. The value {@code !disabled} marks a disabled
 * account ({@code AccountLockedException}: the request is refused with 403).
 *
 * <p>Options: {@code file} (required, path of the properties file, read on every login so edits apply at once, after
 * the adapter's cache time); {@code requireUser} ({@code true}: a user missing from the file fails the login, which
 * with {@code createUnknownUsers="false"} refuses unknown users; default {@code false}: the module is ignored).
 */
public class PropertiesRolesLoginModule implements LoginModule {

    private Subject subject;
    private Map<String, ?> sharedState;
    private Path file;
    private boolean requireUser;
    private List<String> roles;
    private final List<Principal> added = new ArrayList<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.sharedState = sharedState;
        Object fileOption = options.get("file");
        if (fileOption == null) {
            throw new IllegalArgumentException("PropertiesRolesLoginModule: the file option is required");
        }
        this.file = Path.of(String.valueOf(fileOption));
        this.requireUser = "true".equals(String.valueOf(options.get("requireUser")));
    }

    @Override
    public boolean login() throws LoginException {
        Object name = sharedState == null ? null : sharedState.get(RemoteUserLoginModule.SHARED_NAME);
        if (!(name instanceof String user)) {
            throw new FailedLoginException("PropertiesRolesLoginModule: no user name from an earlier module");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new LoginException("PropertiesRolesLoginModule: cannot read " + file + ": " + e.getMessage());
        }
        String value = properties.getProperty(user);
        if (value == null) {
            if (requireUser) {
                throw new FailedLoginException("PropertiesRolesLoginModule: unknown user");
            }
            return false;
        }
        roles = new ArrayList<>();
        for (String role : value.split(",")) {
            String trimmed = role.trim();
            if (trimmed.equals("!disabled")) {
                throw new AccountLockedException("PropertiesRolesLoginModule: account disabled");
            }
            if (!trimmed.isEmpty()) {
                roles.add(trimmed);
            }
        }
        return true;
    }

    @Override
    public boolean commit() {
        if (roles == null) {
            return false;
        }
        for (String role : roles) {
            RolePrincipal principal = new RolePrincipal(role);
            if (subject.getPrincipals().add(principal)) {
                added.add(principal);
            }
        }
        return true;
    }

    @Override
    public boolean abort() {
        if (roles == null) {
            return false;
        }
        logout();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(added);
        added.clear();
        roles = null;
        return true;
    }
}
