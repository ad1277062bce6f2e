package dev.remoteuser.jetty;

import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.config.Option;
import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.eclipse.jetty.jmx.MBeanContainer;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.JDBCLoginService;
import org.eclipse.jetty.security.RolePrincipal;
import org.eclipse.jetty.security.UserPrincipal;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.security.Credential;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The ways to install the authenticator, the login-service store, JMX and startup validation. */
class InstallationTest {

    private JettyServer server;

    static java.util.List<Webapps> environments() {
        return Webapps.available();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static RemoteUserSettings settings(String... nameValues) {
        RemoteUserSettings settings = new RemoteUserSettings();
        for (int i = 0; i < nameValues.length; i += 2) {
            settings.setOption(nameValues[i], nameValues[i + 1]);
        }
        return settings;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void factoryKeepsTheWebappsLoginConfigAsFallback(Webapps env) throws Exception {
        server = new JettyServer(env, "BASIC").start(webapp -> webapp.security().setAuthenticatorFactory(
                new RemoteUserAuthenticatorFactory(settings("trustedProxies", "127.0.0.1"))));

        assertEquals("bob", server.get("/app/public/x", "Remote-User", "bob").principal());
        assertEquals(401, server.get("/app/admin/x").status());
        assertEquals("BASIC", server.get("/app/admin/x", "Authorization", basic("admin", "secret")).get("authType"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void headerLoginWorksBesideAFormLoginFallbackWithoutASession(Webapps env) throws Exception {
        server = new JettyServer(env, "FORM").start(webapp -> webapp.security().setAuthenticatorFactory(
                new RemoteUserAuthenticatorFactory(settings("trustedProxies", "127.0.0.1"))));

        Reply reply = server.get("/app/public/x", "Remote-User", "bob");
        Reply challenge = server.get("/app/admin/x");

        assertEquals(200, reply.status(), reply.body());
        assertEquals("bob", reply.principal());
        assertTrue(challenge.status() == 302 || challenge.status() == 303, "FORM login redirects to its page");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void moduleStyleServerBeanAppliesToWebappsThroughTheServiceLoader(Webapps env) throws Exception {
        server = new JettyServer(env, "BASIC");
        server.server().addBean(settings("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups"));
        server.start(webapp -> { });

        assertTrue(server.webapp().security().getAuthenticator() instanceof RemoteUserAuthenticator);
        assertEquals(200, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "staff").status());
        assertEquals("admin", server.get("/app/admin/x", "Authorization", basic("admin", "secret")).principal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void withoutServerSettingsTheServiceLoaderFactoryStaysOut(Webapps env) throws Exception {
        server = new JettyServer(env, "BASIC").start(webapp -> { });

        assertFalse(server.webapp().security().getAuthenticator() instanceof RemoteUserAuthenticator);
        assertEquals("none", server.get("/app/public/x", "Remote-User", "bob").principal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void webXmlAuthMethodRemoteUserSelectsItWithOptionsFromParameters(Webapps env) throws Exception {
        server = new JettyServer(env, RemoteUserAuthenticator.AUTH_TYPE).start(webapp -> webapp.security()
                .setParameter(RemoteUserAuthenticatorFactory.PARAMETER_PREFIX + "trustedProxies", "127.0.0.1"));

        assertEquals("bob", server.get("/app/public/x", "Remote-User", "bob").principal());
    }

    /**
     * A webapp cannot widen the trust the module configured server-wide: a trust option among its init-params fails
     * its startup naming the option, while options that do not decide trust stay the webapp's to set.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void webappInitParamsCannotChangeServerWideTrustOptions(Webapps env) throws Exception {
        for (String option : new String[] {"trustedProxies", "untrustedHeaders", "userHeader", "groupsHeader",
            "identitySource", "trustedProxyCertificates"}) {
            server = new JettyServer(env, "BASIC");
            server.server().addBean(settings("trustedProxies", "10.0.0.5"));
            JettyServer starting = server;

            Exception e = assertThrows(Exception.class, () -> starting.start(webapp -> webapp.security()
                    .setParameter(RemoteUserAuthenticatorFactory.PARAMETER_PREFIX + option, "127.0.0.1")));

            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertTrue(messages.toString().contains(RemoteUserAuthenticatorFactory.PARAMETER_PREFIX + option
                    + ": a trust option is set server-wide"), messages.toString());
            server.close();
        }

        server = new JettyServer(env, "BASIC");
        server.server().addBean(settings("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups"));
        server.start(webapp -> webapp.security().setParameter(RemoteUserAuthenticatorFactory.PARAMETER_PREFIX
                + "roleMapping", "ops=staff"));
        assertEquals(200, server.get("/app/secure/x", "Remote-User", "bob", "Remote-Groups", "ops").status(),
                "roleMapping is the webapp's own");
    }

    @Test
    void moduleXmlPutsThePropertiesOnTheServer() throws Exception {
        server = new JettyServer(Webapps.available().get(0), null);
        XmlConfiguration xml = new XmlConfiguration(ResourceFactory.root().newResource(
                Path.of("src/main/jetty-base/etc/remote-user-auth.xml")));
        xml.getProperties().put("remoteuser.trustedProxies", "127.0.0.1");
        xml.getProperties().put("remoteuser.mode", "persistent");
        xml.getIdMap().put("Server", server.server());
        xml.configure(server.server());
        server.start(webapp -> { });

        Reply login = server.get("/app/public/x", "Remote-User", "bob");

        assertEquals("bob", login.principal());
        assertEquals("bob", server.get("/app/public/x", "Cookie", login.cookie()).principal(), "persistent mode");
        assertEquals(Map.of("trustedProxies", "127.0.0.1", "mode", "persistent"),
                server.server().getBean(RemoteUserSettings.class).getOptions());
    }

    @Test
    void contextXmlCanSetTheFactoryWithOptionSetters() throws Exception {
        server = new JettyServer(Webapps.available().get(0), null);
        Path xmlFile = Files.createTempFile("context", ".xml");
        Files.writeString(xmlFile, """
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure class="org.eclipse.jetty.security.SecurityHandler">
                  <Set name="authenticatorFactory">
                    <New class="dev.remoteuser.jetty.RemoteUserAuthenticatorFactory">
                      <Arg>
                        <New class="dev.remoteuser.jetty.RemoteUserSettings">
                          <Set name="trustedProxies">127.0.0.1</Set>
                          <Set name="userHeader">X-Forwarded-User</Set>
                        </New>
                      </Arg>
                    </New>
                  </Set>
                </Configure>
                """);
        new XmlConfiguration(ResourceFactory.root().newResource(xmlFile)).configure(server.webapp().security());
        server.start(webapp -> { });

        assertEquals("bob", server.get("/app/public/x", "X-Forwarded-User", "bob").principal());
    }

    @Test
    void runsOnTheJettyVersionThisTestRunIsFor() {
        assertEquals(System.getProperty("expected.jetty.version"), org.eclipse.jetty.util.Jetty.VERSION);
    }

    /** The settings bean, its Jetty XML and the ini template follow Option: one setter, one line per option. */
    @Test
    void settingsHaveASetterForEveryOptionAndNoOther() throws Exception {
        // besides setOption and setJettyBase (where start properties are looked for), every setter is an option
        List<String> expected = new ArrayList<>();
        for (Option option : Option.values()) {
            String setter = "set" + Character.toUpperCase(option.key().charAt(0)) + option.key().substring(1);
            expected.add(setter);
            RemoteUserSettings settings = new RemoteUserSettings();
            RemoteUserSettings.class.getMethod(setter, String.class).invoke(settings, "x");
            assertEquals(Map.of(option.key(), "x"), settings.getOptions(), setter);
        }
        List<String> setters = new ArrayList<>();
        for (java.lang.reflect.Method method : RemoteUserSettings.class.getDeclaredMethods()) {
            if (java.lang.reflect.Modifier.isPublic(method.getModifiers()) && method.getName().startsWith("set")
                    && !method.getName().equals("setOption") && !method.getName().equals("setJettyBase")) {
                setters.add(method.getName());
            }
        }
        assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(setters));
    }

    @Test
    void moduleXmlAndIniTemplateNameEveryOptionInOrderWithItsDefault() throws Exception {
        String xml = Files.readString(Path.of("src/main/jetty-base/etc/remote-user-auth.xml"));
        String mod = Files.readString(Path.of("src/main/jetty-base/modules/remote-user-auth.mod"));
        int lastXml = -1;
        for (Option option : Option.values()) {
            int at = xml.indexOf("<Set name=\"" + option.key() + "\"><Property name=\"remoteuser." + option.key()
                    + "\" default=\"\"/></Set>");
            assertTrue(at > lastXml, option.key() + " missing or out of Option order in the XML");
            lastXml = at;
            String line = "remoteuser." + option.key() + "=" + option.defaultValue().orElse("");
            assertTrue(mod.contains("\n# " + line + "\n") || mod.contains("\n" + line + "\n"),
                    option.key() + ": the ini template must show the default, as '" + line + "'");
        }
    }

    /**
     * A HashLoginService that counts look-ups and can be made to fail: by throwing ({@code broken}) or the way the
     * database login services fail, answering null for the roles of a user it found ({@code rolesLost}).
     */
    static final class CountingLoginService extends HashLoginService {
        final AtomicInteger lookups = new AtomicInteger();
        volatile boolean broken;
        volatile boolean rolesLost;

        CountingLoginService() {
            super("test");
            UserStore users = new UserStore();
            users.addUser("admin", Credential.getCredential("secret"), new String[] {"admin", "staff"});
            users.addUser("alice", Credential.getCredential("alice-pw"), new String[] {"manager"});
            setUserStore(users);
        }

        @Override
        protected UserPrincipal loadUserInfo(String userName) {
            lookups.incrementAndGet();
            if (broken) {
                throw new IllegalStateException("user file unreadable");
            }
            return super.loadUserInfo(userName);
        }

        @Override
        protected List<RolePrincipal> loadRoleInfo(UserPrincipal user) {
            return rolesLost ? null : super.loadRoleInfo(user);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void loginServiceStoreMergesRolesCachesAndFailsClosed(Webapps env) throws Exception {
        CountingLoginService loginService = new CountingLoginService();
        server = new JettyServer(env, null).start(webapp -> {
            webapp.security().setLoginService(loginService);
            webapp.security().setAuthenticator(new RemoteUserAuthenticator(Map.of("trustedProxies", "127.0.0.1",
                    "userStore", "login-service", "createUnknownUsers", "false", "groupsHeader", "Remote-Groups")));
        });

        Reply alice = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");
        server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");
        Reply unknown = server.get("/app/public/x", "Remote-User", "mallory");
        loginService.broken = true;
        Reply down = server.get("/app/public/x", "Remote-User", "bob-not-cached");

        assertTrue(alice.inRole("manager") && alice.inRole("staff"));
        assertEquals(403, unknown.status());
        assertEquals(503, down.status());
        assertEquals(3, loginService.lookups.get(), "alice once (cached), mallory, bob");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void aUserWhoseRolesCouldNotBeLoadedIsRefusedNotAdmittedWithoutRoles(Webapps env) throws Exception {
        CountingLoginService loginService = new CountingLoginService();
        loginService.rolesLost = true;
        server = new JettyServer(env, null).start(webapp -> {
            webapp.security().setLoginService(loginService);
            webapp.security().setAuthenticator(new RemoteUserAuthenticator(Map.of("trustedProxies", "127.0.0.1",
                    "userStore", "login-service", "userCacheTtl", "0")));
        });

        Reply lost = server.get("/app/public/x?session=create", "Remote-User", "alice");
        loginService.rolesLost = false;
        Reply back = server.get("/app/public/x", "Remote-User", "alice");

        assertEquals(503, lost.status());
        assertFalse(lost.setCookie().isPresent());
        assertTrue(back.inRole("manager"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void aJdbcLoginServiceWithoutItsDatabaseIsAFailureNotAnUnknownUser(Webapps env, @TempDir Path dir)
            throws Exception {
        // the database port is closed: every look-up fails, JDBCLoginService logs it and answers null
        Path config = Files.writeString(dir.resolve("jdbc-realm.properties"), """
                jdbcdriver=org.postgresql.Driver
                url=jdbc:postgresql://127.0.0.1:1/users?connectTimeout=2
                username=app
                password=app
                usertable=users
                usertablekey=id
                usertableuserfield=username
                usertablepasswordfield=pwd
                roletable=roles
                roletablekey=id
                roletablerolefield=role
                userroletable=user_roles
                userroletableuserkey=user_id
                userroletablerolekey=role_id
                """);
        JDBCLoginService loginService = new JDBCLoginService("test", config.toUri().toString());
        // createUnknownUsers is true (the default): taking the null answer for "unknown" would let the user in
        server = new JettyServer(env, null).start(webapp -> {
            webapp.security().setLoginService(loginService);
            webapp.security().setAuthenticator(new RemoteUserAuthenticator(Map.of("trustedProxies", "127.0.0.1",
                    "userStore", "login-service")));
        });

        Reply down = server.get("/app/public/x?session=create", "Remote-User", "alice");

        assertEquals(503, down.status());
        assertFalse(down.setCookie().isPresent());
        assertTrue(down.report().isEmpty(), "the webapp did not run");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void aJaasStackAddsRolesAndDisablesAccounts(Webapps env, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        try (dev.remoteuser.testsupport.fixture.JaasFixture jaas = dev.remoteuser.testsupport.fixture.JaasFixture.install(dir)) {
            server = new JettyServer(env, null).start(webapp -> webapp.security().setAuthenticator(
                    new RemoteUserAuthenticator(Map.of("trustedProxies", "127.0.0.1", "userStore", "jaas",
                            "jaasAppName", dev.remoteuser.testsupport.fixture.JaasFixture.APP_NAME,
                            "groupsHeader", "Remote-Groups"))));

            Reply alice = server.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");
            Reply carol = server.get("/app/public/x?session=create", "Remote-User", "carol");

            assertTrue(alice.inRole("manager"), "role from the stacked properties module");
            assertTrue(alice.inRole("staff"), "role from the header");
            assertFalse(alice.inRole("admin"));
            assertEquals(403, carol.status());
            assertFalse(carol.setCookie().isPresent());
        }
    }

    @Test
    void invalidOptionsFailAtConstructionListingEveryProblem() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new RemoteUserAuthenticator(Map.of("trustedProxies", "::/0", "mode", "always")));

        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void invalidServerSettingsFailServerStartup() throws Exception {
        server = new JettyServer(Webapps.available().get(0), null);
        server.server().addBean(settings("trustedProxies", "*"));

        Exception e = assertThrows(Exception.class, () -> server.start(webapp -> { }));

        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("trustedProxies: '*' would trust every address"), messages.toString());
    }

    /** Something that talks to the server while the authenticator's log is captured. */
    @FunctionalInterface
    private interface Exchange {
        void run() throws Exception;
    }

    /** What the authenticator logged through SLF4J (Jetty's own binding) while {@code exchange} ran. */
    private static String authenticatorLog(Exchange exchange) throws Exception {
        org.eclipse.jetty.logging.JettyLogger logger = (org.eclipse.jetty.logging.JettyLogger)
                org.slf4j.LoggerFactory.getLogger(RemoteUserAuthenticator.class);
        org.eclipse.jetty.logging.StdErrAppender appender =
                (org.eclipse.jetty.logging.StdErrAppender) logger.getAppender();
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = appender.getStream();
        appender.setStream(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            exchange.run();
        } finally {
            appender.setStream(original);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void refusalsAreLoggedThroughSlf4jWithReasonAndPeerButNeverTheValue() throws Exception {
        String log = authenticatorLog(() -> {
            server = new JettyServer(Webapps.available().get(0), null).start(webapp -> webapp.security()
                    .setAuthenticator(new RemoteUserAuthenticator(Map.of("trustedProxies", "127.0.0.1"))));
            server.get("/app/public/x", "Remote-User", "s3cret-token", "Remote-User", "other-value");
        });

        assertTrue(log.contains("remote-user-auth: refused request reason=DUPLICATE_HEADER status=400"
                + " peer=127.0.0.1 path=\"/app/public/x\""), log);
        assertFalse(log.contains("s3cret-token") || log.contains("other-value"), log);
    }

    /** In strip mode the log line is the forgery's trace: peer and header names, never a value. */
    @Test
    void strippedForgeriesAreLoggedWithPeerAndHeaderNamesButNeverTheValue() throws Exception {
        String log = authenticatorLog(() -> {
            server = new JettyServer(Webapps.available().get(0), null).start(webapp -> webapp.security()
                    .setAuthenticator(new RemoteUserAuthenticator(Map.of("trustedProxies", "10.0.0.5"))));
            server.get("/app/public/x", "Remote-User", "s3cret-admin", "Remote_User", "other-value");
        });

        assertTrue(log.contains("remote-user-auth: stripped forged headers peer=127.0.0.1 path=\"/app/public/x\""
                + " untrusted=\"Remote-User\" lookalikes=\"Remote_User>Remote-User\""), log);
        assertFalse(log.contains("s3cret-admin") || log.contains("other-value"), log);
    }

    /** An operator facing 503s finds why in the log: the login service's failure, not only the reason code. */
    @Test
    void aFailingLoginServiceIsLoggedWithItsCause() throws Exception {
        HashLoginService failing = new HashLoginService("test") {
            @Override
            protected org.eclipse.jetty.security.UserPrincipal loadUserInfo(String user) {
                throw new IllegalStateException("user database unreachable");
            }
        };
        failing.setUserStore(new org.eclipse.jetty.security.UserStore());
        String log = authenticatorLog(() -> {
            server = new JettyServer(Webapps.available().get(0), null).start(webapp -> {
                webapp.security().setLoginService(failing);
                webapp.security().setAuthenticator(new RemoteUserAuthenticator(
                        Map.of("trustedProxies", "127.0.0.1", "userStore", "login-service")));
            });
            assertEquals(503, server.get("/app/public/x", "Remote-User", "alice").status());
        });

        assertTrue(log.contains("reason=STORE_UNAVAILABLE status=503"), log);
        assertTrue(log.contains("cause=\"user store failed: ") && log.contains("user database unreachable"), log);
    }

    @Test
    void tomcatOnlyStoresAreRefused() {
        InvalidConfigurationException options = assertThrows(InvalidConfigurationException.class,
                () -> new RemoteUserAuthenticator(Map.of("userStore", "realm", "mode", "never")));
        InvalidConfigurationException built = assertThrows(InvalidConfigurationException.class,
                () -> new RemoteUserAuthenticator(RemoteUserConfig.builder().set(Option.USER_STORE, "realm").build(),
                        null));

        assertEquals(2, options.problems().size(), "one report with the store and the mode: " + options.getMessage());
        assertTrue(options.getMessage().contains("userStore: 'realm' is not available in Jetty"), options.getMessage());
        assertTrue(built.getMessage().contains("userStore: 'realm' is not available in Jetty"), built.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("environments")
    void aConfigurationBuiltInCodeIsTheAuthenticatorsConfiguration(Webapps env) throws Exception {
        RemoteUserConfig config = RemoteUserConfig.builder().set(Option.TRUSTED_PROXIES, "127.0.0.1")
                .set(Option.GROUPS_HEADER, "X-Groups").set(Option.ROLE_MAPPING, "ops=staff").build();
        server = new JettyServer(env, null).start(webapp ->
                webapp.security().setAuthenticator(new RemoteUserAuthenticator(config, null)));

        Reply alice = server.get("/app/secure/x", "Remote-User", "alice", "X-Groups", "ops");
        Reply bob = server.get("/app/secure/x", "Remote-User", "bob", "X-Groups", "dev");

        assertEquals(200, alice.status());
        assertEquals("alice", alice.principal());
        assertEquals(403, bob.status(), "bob's group maps to no role");
    }

    @Test
    void loginServiceStoreNeedsAnAbstractLoginService() throws Exception {
        server = new JettyServer(Webapps.available().get(0), null);

        Exception e = assertThrows(Exception.class, () -> server.start(webapp -> {
            webapp.security().setLoginService(null);
            webapp.security().setAuthenticator(new RemoteUserAuthenticator(Map.of("userStore", "login-service")));
        }));

        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("userStore=login-service needs a HashLoginService"),
                messages.toString());
    }

    /**
     * The counters are numeric attributes under a name made of the context path only (Jetty's own bean names carry
     * an identity hash that changes at every start), with or without Jetty's jmx module, and the configuration
     * attribute is the startup line's text.
     */
    @Test
    void countersAreNumericJmxAttributesUnderAStableName() throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.remoteuser:type=RemoteUserAuth,container=Jetty,context=/app");
        for (int start = 0; start < 2; start++) {
            server = new JettyServer(Webapps.available().get(0), null);
            if (start == 1) {
                server.server().addBean(new MBeanContainer(mbeans));
            }
            RemoteUserAuthenticator authenticator = new RemoteUserAuthenticator(Map.of("trustedProxies", "127.0.0.1"));
            JettyServer starting = server;
            String log = authenticatorLog(() -> starting.start(webapp -> webapp.security()
                    .setAuthenticator(authenticator)));
            server.get("/app/public/x", "Remote-User", "bob");
            server.get("/app/public/x", "Remote-User", "(null)");

            assertEquals(1L, mbeans.getAttribute(name, "authenticated"));
            assertEquals(1L, mbeans.getAttribute(name, "PLACEHOLDER"));
            assertEquals(authenticator.getConfiguration(), mbeans.getAttribute(name, "configuration"));
            assertTrue(log.contains("remote-user-auth: " + mbeans.getAttribute(name, "configuration") + "\n"),
                    "the startup line is the attribute's text: " + log);
            assertTrue(log.contains("remote-user-auth: counters on JMX as " + name), log);
            server.close();
            server = null;
            assertFalse(mbeans.isRegistered(name), "unregistered when the webapp stops");
        }
    }
}
