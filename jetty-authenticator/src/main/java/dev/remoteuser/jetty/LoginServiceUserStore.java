package dev.remoteuser.jetty;

import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.store.StoredUser;
import dev.remoteuser.core.store.UserStore;
import dev.remoteuser.core.store.UserStoreException;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.security.JDBCLoginService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.security.UserPrincipal;

/**
 * {@code userStore="login-service"}: Jetty's LoginService has no password-less look-up, so this calls the two
 * look-up methods every {@link AbstractLoginService} has ({@code HashLoginService}, {@code JDBCLoginService},
 * {@code DataSourceLoginService}): {@code loadUserInfo} and {@code loadRoleInfo}. Other LoginServices are refused at
 * startup; use {@code userStore="jaas"} for JAAS.
 *
 * <p>Both methods answer null when they fail (the database ones log the SQL error), so a store failure must not be
 * taken for an unknown user or for a user without roles: a user found whose roles come back null is a failure (503),
 * and so is a null user from a {@link JDBCLoginService} left without its connection (it drops the connection on
 * every SQL error). A {@code DataSourceLoginService} leaves no such trace, nor does a JDBCLoginService that another
 * request reconnected in between: set {@code createUnknownUsers=false} with a database login service.
 */
final class LoginServiceUserStore implements UserStore {

    private static final Method LOAD_USER;
    private static final Method LOAD_ROLES;
    /** {@code JDBCLoginService._con}: its one connection, null before the first look-up and after an SQL error. */
    private static final Field JDBC_CONNECTION;

    static {
        try {
            LOAD_USER = AbstractLoginService.class.getDeclaredMethod("loadUserInfo", String.class);
            LOAD_ROLES = AbstractLoginService.class.getDeclaredMethod("loadRoleInfo", UserPrincipal.class);
            JDBC_CONNECTION = JDBCLoginService.class.getDeclaredField("_con");
            LOAD_USER.setAccessible(true);
            LOAD_ROLES.setAccessible(true);
            JDBC_CONNECTION.setAccessible(true);
        } catch (NoSuchMethodException | NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AbstractLoginService loginService;

    private LoginServiceUserStore(AbstractLoginService loginService) {
        this.loginService = loginService;
    }

    /**
     * @throws IllegalStateException when there is no LoginService or it offers no password-less look-up
     */
    static LoginServiceUserStore of(LoginService loginService) {
        if (loginService instanceof AbstractLoginService abstractLoginService) {
            return new LoginServiceUserStore(abstractLoginService);
        }
        throw new IllegalStateException("remote-user-auth: userStore=login-service needs a HashLoginService,"
                + " JDBCLoginService or another AbstractLoginService; the context has "
                + (loginService == null ? "no LoginService" : loginService.getClass().getName()));
    }

    /** A look-up by name: the asserted groups play no part in the answer. */
    @Override
    public boolean answersByNameOnly() {
        return true;
    }

    @Override
    public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
        try {
            Object user = LOAD_USER.invoke(loginService, asserted.name());
            if (user == null) {
                if (loginService instanceof JDBCLoginService && JDBC_CONNECTION.get(loginService) == null) {
                    throw new UserStoreException("the JDBCLoginService has no database connection");
                }
                return Optional.empty();
            }
            List<?> roles = (List<?>) LOAD_ROLES.invoke(loginService, user);
            if (roles == null) {
                throw new UserStoreException("the login service found the user but no answer for its roles");
            }
            Set<String> names = roles.stream().map(r -> ((Principal) r).getName()).collect(Collectors.toSet());
            return Optional.of(new StoredUser(names));
        } catch (InvocationTargetException e) {
            throw new UserStoreException("login service failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new UserStoreException("login service not accessible", e);
        }
    }
}
