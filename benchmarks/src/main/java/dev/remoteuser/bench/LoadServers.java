package dev.remoteuser.bench;

import dev.remoteuser.jetty.RemoteUserAuthenticator;
import dev.remoteuser.tomcat.RemoteUserValve;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.authenticator.BasicAuthenticator;
import org.apache.catalina.realm.UserDatabaseRealm;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.users.MemoryUserDatabase;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.descriptor.web.LoginConfig;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.Authenticator.Configuration;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;

/**
 * The end-to-end benchmark's servers, all in one JVM on 127.0.0.1, each serving a trivial servlet that reads the user
 * and one role (so every variant does the webapp's part of the work):
 * <ul>
 *   <li>9101 Tomcat without authentication; 9102 Tomcat with {@link RemoteUserValve}; 9103 Tomcat with Spring
 *       Security's {@code RequestHeaderAuthenticationFilter} (user and roles from the same headers); 9104 Tomcat with
 *       {@code BasicAuthenticator} and a {@code UserDatabaseRealm}; 9107 Tomcat with the valve and
 *       {@code userStore="realm"} over that realm (cached);</li>
 *   <li>9105 Jetty without authentication; 9106 Jetty with {@link RemoteUserAuthenticator}; 9108 Jetty with the
 *       authenticator and {@code userStore="login-service"} (cached).</li>
 *   <li>The floors, which check nothing: 9109 Tomcat ({@link FixedPrincipalValve}) and 9110 Jetty ({@link
 *       FixedUserAuthenticator}); 9111 and 9112 the same floors plus the container calls the plugin's checks need
 *       (see {@link FixedPrincipalValve}), so that what is left between them and the plugin is the plugin's own
 *       code.</li>
 * </ul>
 * Users {@code user1} to {@code user10000}, password {@code pw}, role {@code role1}. Prints "ready" when all listen.
 */
public final class LoadServers {

    static final int USERS = 10_000;
    static final Map<String, String> OPTIONS = Map.of("trustedProxies", "127.0.0.1", "groupsHeader",
            "Remote-Groups", "roleMapping", "g1=role1;g2=role2");

    private LoadServers() {
    }

    /** The servlet every variant serves: the user and one role check, a short text answer. */
    static final class Hello extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = ("ok " + request.getRemoteUser() + " " + request.isUserInRole("role1") + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    public static void main(String[] args) throws Exception {
        List<AutoCloseable> running = new ArrayList<>();
        running.add(tomcat(9101, context -> { }, null));
        running.add(tomcat(9102, context -> { }, valve(OPTIONS)));
        running.add(tomcat(9103, LoadServers::springSecurity, null));
        running.add(tomcat(9104, LoadServers::basicAuth, null));
        running.add(tomcat(9109, context -> { }, new FixedPrincipalValve(false)));
        running.add(tomcat(9111, context -> { }, new FixedPrincipalValve(true)));
        Map<String, String> withStore = new LinkedHashMap<>(OPTIONS);
        withStore.put("userStore", "realm");
        running.add(tomcat(9107, context -> context.setRealm(userDatabaseRealm()), valve(withStore)));
        running.add(jetty(9105, null, false));
        running.add(jetty(9106, OPTIONS, false));
        Map<String, String> withLoginService = new LinkedHashMap<>(OPTIONS);
        withLoginService.put("userStore", "login-service");
        running.add(jetty(9108, withLoginService, true));
        running.add(jetty(9110, false, new FixedUserAuthenticator(false)));
        running.add(jetty(9112, false, new FixedUserAuthenticator(true)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(r -> {
            try {
                r.close();
            } catch (Exception e) {
                // stopping anyway
            }
        })));
        System.out.println("ready");
        Thread.currentThread().join();
    }

    /** The groups attribute the floors with container calls set, as the plugin sets it for "g1,g3". */
    private static final Set<String> GROUPS = Set.of("g1", "g3");

    /**
     * The floor for any authenticating valve: reads the user header and sets a principal with the role, with no
     * checks at all. What it costs over no authentication is the container's share of an authenticated request.
     *
     * <p>With {@code containerCalls}, it also makes the Tomcat calls the valve's checks and promises need, and
     * nothing else: the socket peer (peer trust), the groups header and the groups request attribute, the
     * request's session before the webapp (the session rules) and after it (a session made past the wrapper), and a
     * request wrapper (a session marked the moment it is made). What the valve costs beyond this is its own code.
     */
    static final class FixedPrincipalValve extends org.apache.catalina.valves.ValveBase {
        private final boolean containerCalls;

        FixedPrincipalValve(boolean containerCalls) {
            super(true);
            this.containerCalls = containerCalls;
        }

        @Override
        public void invoke(org.apache.catalina.connector.Request request, org.apache.catalina.connector.Response response)
                throws IOException, jakarta.servlet.ServletException {
            String user = request.getHeader("Remote-User");
            if (containerCalls) {
                request.getPeerAddr();
                request.getHeader("Remote-Groups");
                request.getSessionInternal(false);
            }
            if (user != null) {
                request.setUserPrincipal(new org.apache.catalina.realm.GenericPrincipal(user, List.of("role1")));
                request.setAuthType("REMOTE_USER");
                if (containerCalls) {
                    request.setAttribute(RemoteUserValve.GROUPS_ATTRIBUTE, GROUPS);
                    request.setRequest(new jakarta.servlet.http.HttpServletRequestWrapper(request.getRequest()));
                    try {
                        getNext().invoke(request, response);
                    } finally {
                        request.getSessionInternal(false);
                    }
                    return;
                }
            }
            getNext().invoke(request, response);
        }
    }

    static RemoteUserValve valve(Map<String, String> options) {
        RemoteUserValve valve = new RemoteUserValve();
        options.forEach(valve::setProperty);
        return valve;
    }

    private static AutoCloseable tomcat(int port, java.util.function.Consumer<Context> setup,
            org.apache.catalina.Valve valve)
            throws Exception {
        Tomcat tomcat = startTomcat(port, setup, valve);
        return () -> {
            tomcat.stop();
            tomcat.destroy();
        };
    }

    /** A started Tomcat on 127.0.0.1 (port 0: any free one) serving {@link Hello} on every path of its one context. */
    static Tomcat startTomcat(int port, java.util.function.Consumer<Context> setup, org.apache.catalina.Valve valve)
            throws Exception {
        File base = Files.createTempDirectory("bench-tomcat").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        Context context = tomcat.addContext("", base.getAbsolutePath());
        Tomcat.addServlet(context, "hello", new Hello());
        context.addServletMappingDecoded("/", "hello");
        setup.accept(context);
        if (valve != null) {
            tomcat.getEngine().getPipeline().addValve(valve);
        }
        tomcat.start();
        return tomcat;
    }

    /** 10,000 users with password "pw" and role role1, in Tomcat's in-memory user database. */
    static UserDatabaseRealm userDatabaseRealm() {
        MemoryUserDatabase users = new MemoryUserDatabase("bench");
        org.apache.catalina.Role role = users.createRole("role1", "");
        for (int i = 1; i <= USERS; i++) {
            users.createUser("user" + i, "pw", "").addRole(role);
        }
        return new UserDatabaseRealm() {
            {
                // the realm normally looks the database up in JNDI; here it is handed over
                database = users;
            }
        };
    }

    /** BASIC login against the user database, required on every path (role role1). */
    private static void basicAuth(Context context) {
        context.setRealm(userDatabaseRealm());
        context.addSecurityRole("role1");
        SecurityConstraint constraint = new SecurityConstraint();
        constraint.addAuthRole("role1");
        SecurityCollection all = new SecurityCollection();
        all.addPatternDecoded("/*");
        constraint.addCollection(all);
        context.addConstraint(constraint);
        context.setLoginConfig(new LoginConfig("BASIC", "bench", null, null));
        context.getPipeline().addValve(new BasicAuthenticator());
    }

    /** Spring Security's pre-authentication filter, configured like the valve: user and roles from the headers. */
    private static void springSecurity(Context context) {
        Filter chain = SpringHeaderChain.create();
        FilterDef def = new FilterDef();
        def.setFilterName("springSecurity");
        def.setFilter(chain);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("springSecurity");
        map.addURLPatternDecoded("/*");
        context.addFilterMap(map);
    }

    private static AutoCloseable jetty(int port, Map<String, String> options, boolean loginService)
            throws Exception {
        return jetty(port, loginService, options == null ? null : new RemoteUserAuthenticator(options));
    }

    /**
     * The floor for any Jetty authenticator: asked on every path like ours, reads the user header and logs in a
     * user with the role, with no checks at all.
     *
     * <p>With {@code containerCalls}, it also makes the Jetty calls the authenticator's checks and promises need, and
     * nothing else: the connection's peer (peer trust), the groups header, the request's session twice (the session
     * plan: the session the request has, then whether to mark one), the groups request attribute and a request
     * wrapper (a session marked the moment it is made).
     */
    static final class FixedUserAuthenticator implements org.eclipse.jetty.security.Authenticator {
        private final boolean containerCalls;
        private org.eclipse.jetty.security.IdentityService identities;

        FixedUserAuthenticator(boolean containerCalls) {
            this.containerCalls = containerCalls;
        }

        @Override
        public void setConfiguration(Configuration configuration) {
            identities = configuration.getIdentityService();
        }

        @Override
        public String getAuthenticationType() {
            return "REMOTE_USER";
        }

        @Override
        public org.eclipse.jetty.security.Constraint.Authorization getConstraintAuthentication(String path,
                org.eclipse.jetty.security.Constraint.Authorization existing,
                java.util.function.Function<Boolean, org.eclipse.jetty.server.Session> getSession) {
            return org.eclipse.jetty.security.Constraint.Authorization.ANY_USER;
        }

        @Override
        public org.eclipse.jetty.security.AuthenticationState validateRequest(org.eclipse.jetty.server.Request request,
                org.eclipse.jetty.server.Response response, org.eclipse.jetty.util.Callback callback) {
            String user = request.getHeaders().get("Remote-User");
            if (containerCalls) {
                request.getConnectionMetaData().getConnection().getEndPoint().getRemoteSocketAddress();
                request.getHeaders().get("Remote-Groups");
                request.getSession(false);
                request.getSession(false);
            }
            if (user == null) {
                return null;
            }
            org.eclipse.jetty.security.UserPrincipal principal = new org.eclipse.jetty.security.UserPrincipal(user,
                    null);
            javax.security.auth.Subject subject = new javax.security.auth.Subject();
            subject.getPrincipals().add(principal);
            return new org.eclipse.jetty.security.authentication.LoginAuthenticator.UserAuthenticationSucceeded(
                    "REMOTE_USER", identities.newUserIdentity(subject, principal, new String[] {"role1"}));
        }

        @Override
        public org.eclipse.jetty.server.Request prepareRequest(org.eclipse.jetty.server.Request request,
                org.eclipse.jetty.security.AuthenticationState authenticationState) {
            if (!containerCalls || authenticationState == null) {
                return request;
            }
            request.setAttribute(RemoteUserAuthenticator.GROUPS_ATTRIBUTE, GROUPS);
            return new org.eclipse.jetty.server.Request.Wrapper(request);
        }
    }

    private static AutoCloseable jetty(int port, boolean loginService,
            org.eclipse.jetty.security.Authenticator authenticator) throws Exception {
        Server server = jettyServer(loginService, authenticator);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.start();
        return server::stop;
    }

    /**
     * A Jetty server, not started and without a connector, serving {@link Hello} on every path of its one context;
     * with an authenticator, behind a security handler (users in a login service only with {@code loginService}).
     */
    static Server jettyServer(boolean loginService, org.eclipse.jetty.security.Authenticator authenticator) {
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Hello()), "/");
        if (authenticator != null) {
            ConstraintSecurityHandler security = new ConstraintSecurityHandler();
            security.setRoles(Set.of("role1"));
            UserStore users = new UserStore();
            if (loginService) {
                Credential password = Credential.getCredential("pw");
                for (int i = 1; i <= USERS; i++) {
                    users.addUser("user" + i, password, new String[] {"role1"});
                }
            }
            HashLoginService service = new HashLoginService("bench");
            service.setUserStore(users);
            security.setLoginService(service);
            security.setAuthenticator(authenticator);
            context.setSecurityHandler(security);
        }
        server.setHandler(context);
        return server;
    }
}
