package dev.remoteuser.demo;

import dev.remoteuser.jetty.RemoteUserAuthenticator;
import dev.remoteuser.tomcat.RemoteUserValve;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintMapping;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.Constraint;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo's two containers, set up the way docs/embedding.md shows: an embedded Tomcat with {@link RemoteUserValve}
 * in its engine pipeline and an embedded Jetty with {@link RemoteUserAuthenticator} in the webapp's security handler.
 * Each serves {@link WhoAmIServlet} on {@code /} with {@code /admin/*} restricted to the role {@code admin}.
 */
public final class DemoServers {

    /**
     * The plugin's options in the demo: only 127.0.0.1 may assert identities (127.0.0.2 is another local address
     * that is not trusted), groups come in Remote-Groups, two groups map to roles, and the diagnostics report is on.
     */
    public static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("trustedProxies", "127.0.0.1");
        OPTIONS.put("groupsHeader", "Remote-Groups");
        OPTIONS.put("roleMapping", "admins=admin;staff=staff");
        OPTIONS.put("diagnosticsPath", "/.remote-user");
    }

    private DemoServers() {
    }

    /** Starts an embedded Tomcat on this port (0: any free port) with the plugin configured by these options. */
    public static Tomcat tomcat(int port, Map<String, String> options) throws LifecycleException, IOException {
        File base = Files.createTempDirectory("remote-user-auth-demo-tomcat").toFile();
        base.deleteOnExit();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "whoami", new WhoAmIServlet("Tomcat " + org.apache.catalina.util.ServerInfo
                .getServerNumber()));
        context.addServletMappingDecoded("/", "whoami");
        context.addSecurityRole("admin");
        SecurityConstraint adminOnly = new SecurityConstraint();
        adminOnly.addAuthRole("admin");
        SecurityCollection admin = new SecurityCollection();
        admin.addPatternDecoded("/admin/*");
        adminOnly.addCollection(admin);
        context.addConstraint(adminOnly);

        RemoteUserValve valve = new RemoteUserValve();
        options.forEach(valve::setProperty);
        tomcat.getEngine().getPipeline().addValve(valve);
        tomcat.start();
        if (tomcat.getConnector().getLocalPort() < 0) {
            // Tomcat logs a connector that cannot bind and starts anyway; a demo without its port is no demo
            tomcat.stop();
            tomcat.destroy();
            throw new IOException("Tomcat could not listen on 127.0.0.1:" + port);
        }
        return tomcat;
    }

    /** Starts an embedded Jetty on this port (0: any free port) with the plugin configured by these options. */
    public static Server jetty(int port, Map<String, String> options) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new WhoAmIServlet("Jetty " + Server.getVersion())), "/");
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setRoles(Set.of("admin"));
        ConstraintMapping adminOnly = new ConstraintMapping();
        adminOnly.setPathSpec("/admin/*");
        adminOnly.setConstraint(Constraint.from("admin"));
        security.addConstraintMapping(adminOnly);
        // Jetty wants a login service; nobody logs in with a password here, so it has no users.
        HashLoginService noPasswords = new HashLoginService("demo");
        noPasswords.setUserStore(new UserStore());
        security.setLoginService(noPasswords);
        security.setAuthenticator(new RemoteUserAuthenticator(options));
        context.setSecurityHandler(security);
        server.setHandler(context);
        server.start();
        return server;
    }
}
