package dev.remoteuser.jetty;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.SecurityHandler;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.security.Credential;

/**
 * Builds the test webapp at {@code /app} for one EE environment: {@code /public/*} (no constraint), {@code
 * /secure/*} (role staff), {@code /admin/*} (role admin), and a HashLoginService with admin (admin, staff) and alice
 * (manager).
 */
interface Webapps {

    /** ee10, plus ee11 when its classes are on the test classpath (Jetty 12.1). */
    static List<Webapps> available() {
        List<Webapps> all = new ArrayList<>(List.of(new Ee10Webapps()));
        try {
            all.add((Webapps) Class.forName("dev.remoteuser.jetty.Ee11Webapps").getDeclaredConstructor()
                    .newInstance());
        } catch (ReflectiveOperationException e) {
            // Jetty 12.0 has no ee11
        }
        return all;
    }

    /** The webapp's context handler and its security handler, not yet started. */
    record Built(Handler context, SecurityHandler security) {
    }

    /** The environment's name, for test names. */
    String name();

    /** A new webapp; {@code loginMethod} is BASIC, FORM or null for no {@code <login-config>}. */
    Built build(String loginMethod);

    static HashLoginService loginService() {
        UserStore users = new UserStore();
        users.addUser("admin", Credential.getCredential("secret"), new String[] {"admin", "staff"});
        users.addUser("alice", Credential.getCredential("alice-pw"), new String[] {"manager"});
        HashLoginService loginService = new HashLoginService("test");
        loginService.setUserStore(users);
        return loginService;
    }

    static Constraint role(String role) {
        return Constraint.from(role);
    }
}
