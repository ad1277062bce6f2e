package dev.remoteuser.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * Persistent mode on three Jetty 12.1 nodes from jetty-home behind nginx balancing round robin, sharing sessions
 * through jetty-home's own session data store modules with {@code session-cache-null} (every request reads the session
 * from the store: what a balancer without stickiness needs): {@code session-store-jdbc} on PostgreSQL, and {@code
 * session-store-hazelcast-embedded} (every node a Hazelcast member, the session map with one backup copy, so a killed
 * member's sessions live on in the survivors).
 */
class JettyClusterIT {

    private static final List<String> NODES = List.of("jetty1", "jetty2", "jetty3");
    private static final String VERSION = System.getProperty("jetty.version");
    /** The Hazelcast release jetty-home's module names for this Jetty (its {@code hazelcast.version}). */
    private static final String HAZELCAST_JAR = "lib/hazelcast/hazelcast-" + System.getProperty("hazelcast.version")
            + ".jar";

    @Test
    void theLoginHoldsOnEveryNodeAndThroughAKilledNodeWithTheJdbcStore() throws Exception {
        try (StartedContainers containers = new StartedContainers()) {
            GenericContainer<?> database = containers.start(Fixtures.postgres(containers.network()));
            Container.ExecResult schema = database.execInContainer("runuser", "-u", "postgres", "--", "psql", "-q",
                    "-h", "/tmp", "-f", "/opt/users.sql");
            assertEquals(0, schema.getExitCode(), schema.getStderr());
            Clusters.Outcome outcome = run(containers, Store.JDBC);
            assertEquals(0, outcome.sessionsLost(), "every user is still logged in on the survivors");
        }
    }

    @Test
    void theLoginHoldsOnEveryNodeAndThroughAKilledNodeWithHazelcast() throws Exception {
        try (StartedContainers containers = new StartedContainers()) {
            Clusters.Outcome outcome = run(containers, Store.HAZELCAST);
            assertEquals(0, outcome.sessionsLost(), "the backup copies kept every user logged in");
        }
    }

    private static Clusters.Outcome run(StartedContainers containers, Store store) throws Exception {
        String subnet = Clusters.subnet(containers.network());
        Map<String, GenericContainer<?>> nodes = new LinkedHashMap<>();
        for (String node : NODES) {
            nodes.put(node, node(containers, node, subnet, store));
        }
        List<GenericContainer<?>> toStart = List.copyOf(nodes.values());
        if (store.createsTablesAtStart) {
            // one node makes the tables before the others look for them
            containers.start(toStart.get(0));
            toStart = toStart.subList(1, toStart.size());
        }
        containers.startTogether(toStart);
        GenericContainer<?> balancer = containers.start(Clusters.balancer(containers.network(), NODES));
        Clusters.Outcome outcome = Clusters.switchLogoutAndKill(balancer, nodes, "jetty2");
        System.out.println("Jetty " + VERSION + " cluster, " + store + ", 3 nodes, jetty2 killed: " + outcome);
        return outcome;
    }

    /** The session store the nodes share: its jetty-home modules, files in the base and start properties. */
    private enum Store {
        JDBC("JDBC session store on PostgreSQL", true, ",ext,session-store-jdbc,session-cache-null",
                Map.of("lib/ext/postgresql.jar", Fixtures.ARTIFACTS.resolve("postgresql.jar")),
                List.of("db-connection-type=driver",
                        "jetty.session.jdbc.driverClass=org.postgresql.Driver",
                        "jetty.session.jdbc.driverUrl=jdbc:postgresql://db:5432/users?user=app&password=app-db-password")),
        HAZELCAST("embedded Hazelcast session store", false, ",session-store-hazelcast-embedded,session-cache-null",
                Map.of(HAZELCAST_JAR, Fixtures.ARTIFACTS.resolve("hazelcast.jar")),
                List.of("jetty.session.hazelcast.configurationLocation=/opt/jetty-base/etc/hazelcast-sessions.xml"));

        private final String description;
        /**
         * Whether a node creates the store's tables as it starts, after finding them missing: nodes starting together
         * race to create them, and a node that loses keeps its webapp unavailable (503). One node then starts first.
         */
        private final boolean createsTablesAtStart;
        private final String modules;
        private final Map<String, Path> files;
        private final List<String> properties;

        Store(String description, boolean createsTablesAtStart, String modules, Map<String, Path> files,
              List<String> properties) {
            this.description = description;
            this.createsTablesAtStart = createsTablesAtStart;
            this.modules = modules;
            this.files = files;
            this.properties = properties;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * The Hazelcast member configuration every node gets: static TCP membership over the three node names (no
     * multicast in containers), one backup copy of the session map, a member given up for dead after 5 s without a
     * heartbeat (until then requests for the sessions it owned wait), and the serializer Jetty's sessions need:
     * Jetty adds it itself only when no configuration file is named.
     */
    private static String hazelcastConfiguration() {
        StringBuilder members = new StringBuilder();
        for (String node : NODES) {
            members.append("        <member>").append(node).append("</member>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hazelcast xmlns="http://www.hazelcast.com/schema/config">
                  <cluster-name>jetty-sessions</cluster-name>
                  <properties>
                    <property name="hazelcast.phone.home.enabled">false</property>
                    <property name="hazelcast.heartbeat.interval.seconds">1</property>
                    <property name="hazelcast.max.no.heartbeat.seconds">5</property>
                    <property name="hazelcast.logging.type">jdk</property>
                  </properties>
                  <network>
                    <port auto-increment="false">5701</port>
                    <join>
                      <auto-detection enabled="false"/>
                      <multicast enabled="false"/>
                      <tcp-ip enabled="true">
                %s      </tcp-ip>
                    </join>
                  </network>
                  <map name="jetty-distributed-session-map">
                    <backup-count>1</backup-count>
                  </map>
                  <serialization>
                    <serializers>
                      <serializer type-class="org.eclipse.jetty.session.SessionData"
                          class-name="org.eclipse.jetty.hazelcast.session.SessionDataSerializer"/>
                    </serializers>
                  </serialization>
                </hazelcast>
                """.formatted(members);
    }

    /**
     * One node: a jetty-base made as README.md says, plus the store's modules and files; the store's settings on the
     * command line.
     */
    private static GenericContainer<?> node(StartedContainers containers, String node, String subnet, Store store)
            throws Exception {
        String[][] options = {
            {"trustedProxies", subnet},
            {"mode", "persistent"},
            {"headerPaths", "/app/login"},
            {"logoutPath", Clusters.LOGOUT},
            {"defaultRoles", "staff"},
            {"sessionKeyFile", "/opt/jetty-base/etc/remote-user-session.key"},
        };
        Path base = Fixtures.jettyBase(node, VERSION, options, "demo-realm", store.files, store.modules, List.of());
        if (store == Store.HAZELCAST) {
            Fixtures.write(base.resolve("etc/hazelcast-sessions.xml"), hazelcastConfiguration());
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", "/opt/jetty-home/start.jar",
                "jetty.home=/opt/jetty-home", "jetty.base=/opt/jetty-base", "jetty.http.port=8080",
                "jetty.session.flushOnResponseCommit=true", "jetty.session.saveOnCreate=true",
                "jetty.sessionIdManager.workerName=" + node));
        command.addAll(store.properties);
        return new GenericContainer<>(Fixtures.BASE).withNetwork(containers.network()).withNetworkAliases(node)
                .withCopyFileToContainer(MountableFile.forHostPath(Fixtures.DIST.resolve("jetty-home-" + VERSION)),
                        "/opt/jetty-home")
                .withCopyFileToContainer(MountableFile.forHostPath(base), "/opt/jetty-base")
                .withCopyFileToContainer(MountableFile.forHostPath(Fixtures.war()), "/opt/jetty-base/webapps/app.war")
                .withCopyToContainer(Transferable.of(Clusters.KEY), "/opt/jetty-base/etc/remote-user-session.key")
                .withEnv("NODE_NAME", node)
                .withWorkingDirectory("/opt/jetty-base")
                .withCommand(store == Store.HAZELCAST
                        ? Clusters.waitForNames(NODES, String.join(" ", command))
                        : command.toArray(String[]::new))
                .withExposedPorts(8080)
                .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forHttp("/app/public/ping")
                        .forPort(8080).forStatusCode(200))
                .withStartupTimeout(Fixtures.STARTUP);
    }

}
