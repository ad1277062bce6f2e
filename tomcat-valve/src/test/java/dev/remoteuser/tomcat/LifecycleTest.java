package dev.remoteuser.tomcat;

import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.config.Option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.catalina.LifecycleException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Startup validation, server.xml attribute handling, logging and JMX. */
class LifecycleTest {

    private TomcatServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void serverXmlAttributesReachTheValveByTheirOptionNames() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "10.0.0.5", "mode", "persistent",
                "groupsHeader", "X-Groups").start();

        String configuration = server.valve().getConfiguration();

        assertTrue(configuration.contains("trustedProxies=[10.0.0.5]"), configuration);
        assertTrue(configuration.contains("mode=persistent"), configuration);
        assertTrue(configuration.contains("groupsHeader=X-Groups"), configuration);
    }

    @Test
    void aRestartedValveAnswersWithItsNewOptionsAlsoPerRealm() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1", "userStore", "realm").start();
        assertEquals("mallory", server.get("/app/public/x", "Remote-User", "mallory").principal());

        server.valve().stop();
        server.valve().setProperty("createUnknownUsers", "false");
        server.valve().start();

        assertEquals(403, server.get("/app/public/x", "Remote-User", "mallory").status(),
                "the Realm's policy was built again from the new options");
    }

    @Test
    void aConfigurationBuiltInCodeIsTheValvesConfiguration() throws Exception {
        server = TomcatServer.withConfig(RemoteUserConfig.builder().set(Option.TRUSTED_PROXIES, "127.0.0.1")
                .set(Option.GROUPS_HEADER, "X-Groups").set(Option.ROLE_MAPPING, "ops=staff").build()).start();

        var alice = server.get("/app/secure/x", "Remote-User", "alice", "X-Groups", "ops");
        var bob = server.get("/app/secure/x", "Remote-User", "bob", "X-Groups", "dev");

        assertEquals(200, alice.status());
        assertEquals("alice", alice.principal());
        assertEquals(403, bob.status(), "bob's group maps to no role");
    }

    @Test
    void aConfigurationBuiltInCodeWithAJettyStoreFailsStartup() {
        server = TomcatServer.withConfig(RemoteUserConfig.builder().set(Option.USER_STORE, "login-service").build());

        String message = messages(assertThrows(LifecycleException.class, server::start));

        assertTrue(message.contains("userStore: 'login-service' is not available in Tomcat"), message);
    }

    @Test
    void aValveMadeWithAConfigurationTakesNoFurtherOptions() throws Exception {
        server = TomcatServer.withConfig(RemoteUserConfig.builder().build()).option("trustedProxies", "10.0.0.5");

        String message = messages(assertThrows(LifecycleException.class, server::start));

        assertTrue(message.contains("takes no further options"), message);
    }

    /** Starts a server with these options and returns every message of the startup failure's cause chain. */
    private String startupFailure(String... options) {
        server = TomcatServer.withOptions(options);
        LifecycleException e = assertThrows(LifecycleException.class, server::start);
        assertFalse(server.valve().getState().isAvailable());
        return messages(e);
    }

    /** What a test does while the valve's log is captured. */
    private interface Action {
        void run() throws Exception;
    }

    /** The messages the valve logs while {@code action} runs. */
    private static List<String> valveLogWhile(Action action) throws Exception {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(RemoteUserValve.class.getName());
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return lines;
    }

    /** Every message of an exception's cause chain, one per line. */
    private static String messages(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void invalidConfigurationFailsStartupListingEveryProblem() {
        String message = startupFailure("trustedProxies", "0.0.0.0/0", "mode", "sometimes", "trustedProxy", "1.2.3.4");

        assertTrue(message.contains("remote-user-auth: invalid configuration (3 problems)"), message);
        assertTrue(message.contains("trustedProxies: '0.0.0.0/0' would trust every address"), message);
        assertTrue(message.contains("mode: 'sometimes' is not one of per-request, persistent"), message);
        assertTrue(message.contains("trustedProxy: unknown option (did you mean 'trustedProxies'?)"), message);
    }

    @Test
    void jettyOnlyStoresAreRefusedAtStartup() {
        String message = startupFailure("userStore", "login-service");

        assertTrue(message.contains("userStore: 'login-service' is not available in Tomcat"), message);
    }

    /** The startup line is JMX's configuration attribute, shows every option, and never the secret. */
    @Test
    void theStartupLineIsTheJmxConfigurationWithEveryOption() throws Exception {
        List<String> lines = valveLogWhile(() -> server = TomcatServer.withOptions("trustedProxies", "127.0.0.1",
                "roleMapping", "ops=admin", "proxySecretHeader", "X-Proxy-Secret",
                "proxySecret", "do-not-log-this-secret").start());

        String configuration = server.valve().getConfiguration();
        assertTrue(lines.contains("remote-user-auth: " + configuration), lines.toString());
        for (Option option : Option.values()) {
            assertTrue(configuration.contains(option.key() + "="), option.key() + ": " + configuration);
        }
        assertTrue(configuration.contains("roleMapping={ops=[admin]}"), configuration);
        assertFalse(String.join("\n", lines).contains("do-not-log-this-secret"));
    }

    @Test
    void refusalsAreLoggedWithReasonAndPeerButNeverTheValue() throws Exception {
        List<String> lines = valveLogWhile(() -> {
            server = TomcatServer.withOptions("trustedProxies", "127.0.0.1").start();
            server.get("/app/public/x", "Remote-User", "s3cret-token", "Remote-User", "other-value");
        });

        List<String> refusals = lines.stream().filter(l -> l.contains("refused request")).toList();
        assertEquals(1, refusals.size(), lines.toString());
        assertEquals("remote-user-auth: refused request reason=DUPLICATE_HEADER status=400 peer=127.0.0.1"
                + " path=\"/app/public/x\"", refusals.get(0));
        assertFalse(String.join("\n", lines).contains("s3cret-token"));
    }

    /** In strip mode the log line is the forgery's trace: peer and header names, never a value. */
    @Test
    void strippedForgeriesAreLoggedWithPeerAndHeaderNamesButNeverTheValue() throws Exception {
        List<String> lines = valveLogWhile(() -> {
            server = TomcatServer.withOptions("trustedProxies", "10.0.0.5").start();
            server.get("/app/public/x", "Remote-User", "s3cret-admin", "Remote_User", "other-value");
        });

        // the lookalike as Tomcat's header map spells it: lower case on 10.1, as sent on 11
        List<String> stripped = lines.stream().filter(l -> l.contains("stripped forged headers"))
                .map(l -> l.replace("lookalikes=\"remote_user>", "lookalikes=\"Remote_User>")).toList();
        assertEquals(List.of("remote-user-auth: stripped forged headers peer=127.0.0.1 path=\"/app/public/x\""
                + " untrusted=\"Remote-User\" lookalikes=\"Remote_User>Remote-User\""), stripped);
        assertFalse(String.join("\n", lines).contains("s3cret-admin") || String.join("\n", lines)
                .contains("other-value"));
    }

    /** A valve in a Context is named after its Engine, Host and the context path, each in its own key. */
    @Test
    void aValveInAContextIsNamedAfterItsEngineHostAndContextPath() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1").valveInContext().start();
        server.get("/app/public/x", "Remote-User", "bob");

        ObjectName name = new ObjectName("dev.remoteuser:type=RemoteUserAuth,container=Tomcat,engine=Tomcat,"
                + "host=localhost,context=/app");
        assertEquals(1L, ManagementFactory.getPlatformMBeanServer().getAttribute(name, "authenticated"));
    }

    @Test
    void jmxShowsNumericCountersUnderAStableNameAndNoWritableOption() throws Exception {
        server = TomcatServer.withOptions("trustedProxies", "127.0.0.1").start();
        server.get("/app/public/x", "Remote-User", "bob");
        server.get("/app/public/x", "Remote-User", "a", "Remote-User", "b");
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        // the test server has the valve in its Engine, named Tomcat
        ObjectName metrics = new ObjectName("dev.remoteuser:type=RemoteUserAuth,container=Tomcat,engine=Tomcat");
        Set<ObjectName> valves = mbeans.queryNames(new ObjectName("Tomcat:type=Valve,name=RemoteUserValve,*"), null);
        assertEquals(1, valves.size(), valves.toString());
        ObjectName valve = valves.iterator().next();

        assertEquals(1L, mbeans.getAttribute(metrics, "authenticated"));
        assertEquals(1L, mbeans.getAttribute(metrics, "DUPLICATE_HEADER"));
        assertEquals(mbeans.getAttribute(valve, "configuration"), mbeans.getAttribute(metrics, "configuration"));
        assertTrue(((String) mbeans.getAttribute(metrics, "configuration")).contains("trustedProxies=[127.0.0.1]"));
        for (ObjectName name : List.of(valve, metrics)) {
            MBeanAttributeInfo[] attributes = mbeans.getMBeanInfo(name).getAttributes();
            for (MBeanAttributeInfo attribute : attributes) {
                assertFalse(attribute.isWritable(), attribute.getName() + " must not be writable over JMX");
            }
            assertFalse(List.of(attributes).stream().anyMatch(a -> a.getName().equals("trustedProxies")));
        }
    }
}
