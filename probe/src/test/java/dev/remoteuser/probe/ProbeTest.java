package dev.remoteuser.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remoteuser.demo.DemoServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The probe against real embedded containers: a deployment that trusts the client's address (as when the proxy's
 * port and the container's are both reachable, or the allowlist is too wide) is caught; a correct one passes; a URL
 * without diagnostics cannot be judged. The probe sends from 127.0.0.2, a client address; the proxy would be
 * 127.0.0.1.
 */
class ProbeTest {

    private static final String PATH = "/.remote-user";

    private static Map<String, String> options(String trustedProxies, String diagnosticsPath) {
        Map<String, String> options = new LinkedHashMap<>(DemoServers.OPTIONS);
        options.put("trustedProxies", trustedProxies);
        if (diagnosticsPath == null) {
            options.remove("diagnosticsPath");
        } else {
            options.put("diagnosticsPath", diagnosticsPath);
        }
        return options;
    }

    /** Runs the probe against a fresh Tomcat or Jetty with these options; the exit code and what it printed. */
    private static Result probe(String container, Map<String, String> options) throws Exception {
        int port;
        AutoCloseable stop;
        if (container.equals("tomcat")) {
            Tomcat tomcat = DemoServers.tomcat(0, options);
            port = tomcat.getConnector().getLocalPort();
            stop = () -> {
                tomcat.stop();
                tomcat.destroy();
            };
        } else {
            Server jetty = DemoServers.jetty(0, options);
            port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
            stop = jetty::stop;
        }
        try {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int exit = Probe.run(new String[] {"--bind", "127.0.0.2", "http://127.0.0.1:" + port + PATH},
                    new PrintStream(printed, true, StandardCharsets.UTF_8));
            return new Result(exit, printed.toString(StandardCharsets.UTF_8));
        } finally {
            stop.close();
        }
    }

    private record Result(int exit, String printed) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void aDeploymentThatTrustsTheClientsAddressIsCaught(String container) throws Exception {
        Result result = probe(container, options("127.0.0.0/8", PATH));

        assertEquals(1, result.exit(), result.printed());
        assertTrue(result.printed().contains("warning: this address is a trusted peer"), result.printed());
        assertTrue(result.printed().matches("(?s).*the user header\\s+ACCEPTED.*"), result.printed());
        assertTrue(result.printed().matches("(?s).*X-Forwarded-For from loopback\\s+ACCEPTED.*"), result.printed());
        assertTrue(result.printed().matches("(?s).*forged groups\\s+ACCEPTED.*"), result.printed());
        assertTrue(result.printed().matches("(?s).*duplicate user headers\\s+refused \\(DUPLICATE_HEADER\\).*"),
                result.printed());
        assertTrue(result.printed().matches("(?s).*placeholder \\(null\\)\\s+refused \\(PLACEHOLDER\\).*"),
                result.printed());
        assertTrue(result.printed().matches("(?s).*underscore lookalike\\s+ignored \\(anonymous\\).*"),
                result.printed());
    }

    /**
     * With {@code headerPaths}, the report's own path is one where the headers never count; the forgeries are judged
     * where they do, so a deployment that trusts the client is still caught.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void aDeploymentThatTrustsTheClientOnlyOnHeaderPathsIsCaught(String container) throws Exception {
        Map<String, String> trusting = options("127.0.0.0/8", PATH);
        trusting.put("headerPaths", "/admin");
        Map<String, String> correct = options("127.0.0.1", PATH);
        correct.put("headerPaths", "/admin");

        Result caught = probe(container, trusting);
        Result passed = probe(container, correct);

        assertEquals(1, caught.exit(), caught.printed());
        assertTrue(caught.printed().contains("each forgery is judged as on /admin"), caught.printed());
        assertTrue(caught.printed().matches("(?s).*the user header\\s+ACCEPTED on /admin.*"), caught.printed());
        assertTrue(caught.printed().matches("(?s).*duplicate user headers\\s+refused \\(DUPLICATE_HEADER\\).*"),
                caught.printed());
        assertEquals(0, passed.exit(), passed.printed());
        assertFalse(passed.printed().contains("ACCEPTED"), passed.printed());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void aCorrectDeploymentPasses(String container) throws Exception {
        Result result = probe(container, options("127.0.0.1", PATH));

        assertEquals(0, result.exit(), result.printed());
        assertFalse(result.printed().contains("ACCEPTED"), result.printed());
        assertTrue(result.printed().matches("(?s).*the user header\\s+ignored \\(untrusted peer, headers removed\\).*"),
                result.printed());
        assertTrue(result.printed().contains("no forgery was accepted"), result.printed());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tomcat", "jetty"})
    void withoutTheDiagnosticsEndpointNothingCanBeJudged(String container) throws Exception {
        Result result = probe(container, options("127.0.0.0/8", null));

        assertEquals(2, result.exit(), result.printed());
        assertTrue(result.printed().contains("is not a remote-user-auth diagnostics endpoint"), result.printed());
    }

    @org.junit.jupiter.api.Test
    void aTruncatedReportIsJudgedNotAFailureOfTheProbe() {
        Probe.Answer truncated = new Probe.Answer(200, "{\"decision\":\"rejected\",\"reason\":\"DUPL");

        assertFalse(truncated.authenticated());
        assertEquals("ignored (anonymous)", truncated.summary());
    }
}
