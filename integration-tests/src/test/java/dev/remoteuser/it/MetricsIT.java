package dev.remoteuser.it;

import dev.remoteuser.testsupport.client.HttpProbe;
import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.MountableFile;

/**
 * The counters as an operator scrapes them: Tomcat 11 and Jetty 12.1 from their distributions, each with the
 * Prometheus JMX exporter agent ({@code io.prometheus.jmx:jmx_prometheus_javaagent}) and the rules of
 * docs/prometheus-jmx-exporter.yaml, exactly as documented. A login from the trusted peer, forged identity headers
 * and a lookalike from an untrusted container on the same network, and a duplicate header; then the exporter's HTTP
 * endpoint shows each as its series, with labels made only of where the plugin is installed (no identity hash, so
 * the series survive a restart), and the log shows the forgery's WARN line without the forged values.
 */
class MetricsIT {

    private static final int EXPORTER_PORT = 9404;
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{(.*)}\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private static StartedContainers containers;
    private static GenericContainer<?> client;
    private static final Map<String, GenericContainer<?>> servers = new LinkedHashMap<>();

    static Stream<Arguments> servers() {
        return Stream.of(Arguments.of("tomcat", "Tomcat", "engine=Catalina, host=localhost"),
                Arguments.of("jetty", "Jetty", "context=/app"));
    }

    @BeforeAll
    static void startEverything() throws Exception {
        containers = new StartedContainers();
        Network network = containers.network();
        String gateway = Fixtures.gateway(network);
        String[][] options = {{"trustedProxies", gateway}, {"groupsHeader", "Remote-Groups"}};
        MountableFile agent = MountableFile.forHostPath(Fixtures.ARTIFACTS.resolve("jmx_prometheus_javaagent.jar"));
        MountableFile rules = MountableFile.forHostPath(Path.of(System.getProperty("it.docs"))
                .resolve("prometheus-jmx-exporter.yaml"));
        String javaagent = "-javaagent:/opt/jmx_prometheus_javaagent.jar=" + EXPORTER_PORT
                + ":/opt/prometheus-jmx-exporter.yaml";

        GenericContainer<?> tomcat = Fixtures.tomcat(network, "metrics-tomcat", System.getProperty("tomcat11.version"),
                        options, "")
                .withEnv("CATALINA_OPTS", "-Xmx256m " + javaagent);
        GenericContainer<?> jetty = Fixtures.jetty(network, "metrics-jetty", System.getProperty("jetty.version"),
                        options)
                .withCommand("java", "-Xmx256m", javaagent, "-jar", "/opt/jetty-home/start.jar",
                        "jetty.home=/opt/jetty-home", "jetty.base=/opt/jetty-base", "jetty.http.port=8080");
        for (GenericContainer<?> server : List.of(tomcat, jetty)) {
            server.withCopyFileToContainer(agent, "/opt/jmx_prometheus_javaagent.jar")
                    .withCopyFileToContainer(rules, "/opt/prometheus-jmx-exporter.yaml")
                    .withExposedPorts(8080, EXPORTER_PORT);
        }
        client = containers.start(Fixtures.client(network));
        servers.put("tomcat", containers.start(tomcat));
        servers.put("jetty", containers.start(jetty));
    }

    @AfterAll
    static void stopEverything() {
        if (containers != null) {
            containers.close();
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("servers")
    void theExporterShowsEveryOutcomeRefusalAndForgeryUnderStableLabels(String alias, String container,
            String scope) throws Exception {
        GenericContainer<?> server = servers.get(alias);
        HttpProbe direct = new HttpProbe(server.getHost(), server.getMappedPort(8080));
        String url = "http://metrics-" + alias + ":8080/app/public/x";

        Reply login = direct.get("/app/public/x", "Remote-User", "alice", "Remote-Groups", "staff");
        Reply duplicate = direct.get("/app/public/x", "Remote-User", "alice", "Remote-User", "bob");
        ExecResult forged = client.execInContainer("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Remote-User: admin", "-H", "Remote-Groups: forged-admins", url);
        ExecResult lookalike = client.execInContainer("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "Remote_User: lookalike-admin", url);

        assertEquals("alice", login.principal());
        assertEquals(400, duplicate.status());
        assertEquals("200", forged.getStdout(), "strip mode: the forgery goes on, anonymous");
        assertEquals("200", lookalike.getStdout());
        Map<String, Double> samples = scrape(server);
        Map<String, String> where = Map.of("container", container, "scope", scope);

        assertEquals(1.0, sample(samples, "remoteuser_requests_total", where, "outcome", "authenticated"));
        assertEquals(1.0, sample(samples, "remoteuser_requests_total", where, "outcome", "rejected"));
        assertTrue(sample(samples, "remoteuser_requests_total", where, "outcome", "notAttempted") >= 2.0,
                samples.toString());
        assertEquals(1.0, sample(samples, "remoteuser_refusals_total", where, "reason", "DUPLICATE_HEADER"));
        assertEquals(0.0, sample(samples, "remoteuser_refusals_total", where, "reason", "UNTRUSTED_PEER"));
        assertEquals(1.0, sample(samples, "remoteuser_forged_requests_total", where, "kind", "Untrusted"));
        assertEquals(1.0, sample(samples, "remoteuser_forged_requests_total", where, "kind", "Lookalike"));
        assertEquals(1.0, sample(samples, "remoteuser_forged_headers_total", where, "kind", "Untrusted",
                "header", "Remote-User"));
        assertEquals(1.0, sample(samples, "remoteuser_forged_headers_total", where, "kind", "Untrusted",
                "header", "Remote-Groups"));
        assertEquals(1.0, sample(samples, "remoteuser_forged_headers_total", where, "kind", "Lookalike",
                "header", "Remote-User"));
        assertEquals(0.0, sample(samples, "remoteuser_forged_headers_total", where, "kind", "Lookalike",
                "header", "Remote-Groups"), "every series is there before it moves");
        assertEquals(0.0, sample(samples, "remoteuser_ignored_sessions_total", where, "kind", "OtherKey"));
        assertEquals(0.0, sample(samples, "remoteuser_ignored_sessions_total", where, "kind", "NotSealed"));

        String log = server.getLogs();
        String peer = Fixtures.address(client);
        assertTrue(log.contains("remote-user-auth: stripped forged headers peer=" + peer
                + " path=\"/app/public/x\" untrusted=\"Remote-Groups,Remote-User\""), log);
        assertTrue(Pattern.compile("stripped forged headers peer=" + Pattern.quote(peer)
                + " path=\"/app/public/x\" lookalikes=\"(?i:remote_user)>Remote-User\"").matcher(log).find(), log);
        assertFalse(log.contains("forged-admins") || log.contains("lookalike-admin"), "never a forged value");
    }

    /** The exporter's samples of our metrics, each as {@code name{label="value",...}} with labels sorted. */
    private static Map<String, Double> scrape(GenericContainer<?> server) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + server.getHost() + ":" + server.getMappedPort(EXPORTER_PORT) + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Double> samples = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("remoteuser_") && sample.matches()) {
                Map<String, String> labels = new TreeMap<>();
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
                samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
            }
        }
        return samples;
    }

    private static double sample(Map<String, Double> samples, String name, Map<String, String> where,
            String... labelValues) {
        Map<String, String> labels = new TreeMap<>(where);
        for (int i = 0; i < labelValues.length; i += 2) {
            labels.put(labelValues[i], labelValues[i + 1]);
        }
        Double value = samples.get(key(name, labels));
        assertTrue(value != null, "no sample " + key(name, labels) + " among " + samples.keySet());
        return value;
    }

    private static String key(String name, Map<String, String> sortedLabels) {
        StringBuilder key = new StringBuilder(name).append('{');
        sortedLabels.forEach((label, value) -> key.append(label).append("=\"").append(value).append("\","));
        return key.append('}').toString();
    }
}
