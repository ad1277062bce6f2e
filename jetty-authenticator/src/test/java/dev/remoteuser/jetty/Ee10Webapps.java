package dev.remoteuser.jetty;

import dev.remoteuser.testsupport.webapp.ReportServlet;

import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.authentication.FormAuthenticator;

final class Ee10Webapps implements Webapps {

    @Override
    public String name() {
        return "ee10";
    }

    @Override
    public Built build(String loginMethod) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        context.addServlet(new ServletHolder(new ReportServlet()), "/");
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setLoginService(Webapps.loginService());
        security.setRoles(Set.of("staff", "admin"));
        security.addConstraintMapping(mapping("/secure/*", "staff"));
        security.addConstraintMapping(mapping("/admin/*", "admin"));
        if (loginMethod != null) {
            security.setAuthenticationType(loginMethod);
            security.setParameter(FormAuthenticator.__FORM_LOGIN_PAGE, "/public/login-form");
            security.setParameter(FormAuthenticator.__FORM_ERROR_PAGE, "/public/login-error");
        }
        context.setSecurityHandler(security);
        return new Built(context, security);
    }

    private static ConstraintMapping mapping(String path, String role) {
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setPathSpec(path);
        mapping.setConstraint(Webapps.role(role));
        return mapping;
    }
}
