package dev.remoteuser.core;

import static dev.remoteuser.core.Policies.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** What a JMX client (jconsole, the Prometheus exporter) reads, under the name it is configured with. */
class RemoteUserMetricsTest {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void everyCounterIsANumericReadOnlyAttributeAndConfigurationIsTheStartupText() throws Exception {
        RemoteUserConfig config = config("trustedProxies", "127.0.0.1", "groupsHeader", "Remote-Groups");
        DecisionCounters counters = new DecisionCounters(config.identityHeaders());
        RemoteUserMetrics metrics = new RemoteUserMetrics(counters, config.toString());
        ObjectName name = metrics.register(RemoteUserMetrics.objectName("Test", scope("context", "/metrics")));
        try {
            counters.record(new RemoteUserPolicy(config).decide(FakeRequest.from("10.9.9.9")
                    .header("Remote-User", "admin")));

            assertEquals(new ObjectName("dev.remoteuser:type=RemoteUserAuth,container=Test,context=/metrics"), name);
            assertEquals(1L, server.getAttribute(name, "notAttempted"));
            assertEquals(1L, server.getAttribute(name, "strippedUntrusted.Remote-User"));
            assertEquals(0L, server.getAttribute(name, "UNTRUSTED_PEER"));
            assertEquals(config.toString(), server.getAttribute(name, "configuration"));
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                assertFalse(attribute.isWritable(), attribute.getName());
                assertTrue(attribute.getName().equals("configuration") || attribute.getType().equals("long"),
                        attribute.getName() + " is " + attribute.getType());
            }
            assertEquals(counters.snapshot().size() + 1, server.getMBeanInfo(name).getAttributes().length);
            assertThrows(Exception.class, () -> server.setAttribute(name, new Attribute("notAttempted", 0L)));
        } finally {
            metrics.unregister();
        }
        assertFalse(server.isRegistered(name), "unregistered when the adapter stops");
    }

    @Test
    void aSecondInstanceOfTheSameNameGetsAnInstanceNumberAndTheNameIsFreedOnUnregister() {
        RemoteUserConfig config = config();
        RemoteUserMetrics first = new RemoteUserMetrics(new DecisionCounters(config.identityHeaders()), "a");
        RemoteUserMetrics second = new RemoteUserMetrics(new DecisionCounters(config.identityHeaders()), "b");
        ObjectName name = RemoteUserMetrics.objectName("Test", scope("engine", "Catalina", "host", "localhost"));
        try {
            assertEquals(name, first.register(name));
            assertEquals(name + ",instance=2", second.register(name).toString());
            first.unregister();
            assertFalse(server.isRegistered(name));
        } finally {
            first.unregister();
            second.unregister();
        }
    }

    @Test
    void valuesThatAreNotPlainAreQuoted() throws Exception {
        assertEquals(new ObjectName("dev.remoteuser:type=RemoteUserAuth,container=Jetty,context=\"/a,b=c\""),
                RemoteUserMetrics.objectName("Jetty", scope("context", "/a,b=c")));
    }

    private static Map<String, String> scope(String... keyValues) {
        Map<String, String> scope = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            scope.put(keyValues[i], keyValues[i + 1]);
        }
        return scope;
    }
}
