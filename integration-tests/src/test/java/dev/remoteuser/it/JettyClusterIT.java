package dev.remoteuser.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * Persistent mode on three Jetty 12.1 nodes from jetty-home sharing sessions through jetty-home's own {@code
 * session-store-jdbc} module on PostgreSQL, with {@code session-cache-null} (every request reads the session from the
 * database: what a balancer without stickiness needs), behind nginx balancing round robin.
 */
class JettyClusterIT {

    private static final List<String> NODES = List.of("jetty1", "jetty2", "jetty3");
    private static final String VERSION = System.getProperty("jetty.version");

    @Test
    void theLoginHoldsOnEveryNodeAndThroughAKilledNode() throws Exception {
        try (StartedContainers containers = new StartedContainers()) {
            GenericContainer<?> database = containers.start(Fixtures.postgres(containers.network()));
            Container.ExecResult schema = database.execInContainer("runuser", "-u", "postgres", "--", "psql", "-q",
                    "-h", "/tmp", "-f", "/opt/users.sql");
            assertEquals(0, schema.getExitCode(), schema.getStderr());
            String subnet = Clusters.subnet(containers.network());
            Map<String, GenericContainer<?>> nodes = new LinkedHashMap<>();
            for (String node : NODES) {
                nodes.put(node, node(containers, node, subnet));
            }
            containers.startTogether(List.copyOf(nodes.values()));
            GenericContainer<?> balancer = containers.start(Clusters.balancer(containers.network(), NODES));
            Clusters.Outcome outcome = Clusters.switchLogoutAndKill(balancer, nodes, "jetty2");
            System.out.println("Jetty " + VERSION + " cluster, JDBC session store on PostgreSQL, 3 nodes, jetty2"
                    + " killed: " + outcome);

            assertEquals(0, outcome.sessionsLost(), "every user is still logged in on the survivors");
        }
    }

    /**
     * One node: a jetty-base made as README.md says, plus {@code ext} (the PostgreSQL driver in lib/ext),
     * {@code session-store-jdbc} and {@code session-cache-null}; the JDBC settings on the command line.
     */
    private static GenericContainer<?> node(StartedContainers containers, String node, String subnet)
            throws Exception {
        String[][] options = {
            {"trustedProxies", subnet},
            {"mode", "persistent"},
            {"headerPaths", "/app/login"},
            {"logoutPath", Clusters.LOGOUT},
            {"defaultRoles", "staff"},
            {"sessionKeyFile", "/opt/jetty-base/etc/remote-user-session.key"},
        };
        Path base = Fixtures.jettyBase(node, VERSION, options, "demo-realm",
                Map.of("lib/ext/postgresql.jar", Fixtures.ARTIFACTS.resolve("postgresql.jar")),
                ",ext,session-store-jdbc,session-cache-null", List.of());
        return new GenericContainer<>(Fixtures.BASE).withNetwork(containers.network()).withNetworkAliases(node)
                .withCopyFileToContainer(MountableFile.forHostPath(Fixtures.DIST.resolve("jetty-home-" + VERSION)),
                        "/opt/jetty-home")
                .withCopyFileToContainer(MountableFile.forHostPath(base), "/opt/jetty-base")
                .withCopyFileToContainer(MountableFile.forHostPath(Fixtures.war()), "/opt/jetty-base/webapps/app.war")
                .withCopyToContainer(Transferable.of(Clusters.KEY), "/opt/jetty-base/etc/remote-user-session.key")
                .withEnv("NODE_NAME", node)
                .withWorkingDirectory("/opt/jetty-base")
                .withCommand("java", "-Xmx256m", "-jar", "/opt/jetty-home/start.jar", "jetty.home=/opt/jetty-home",
                        "jetty.base=/opt/jetty-base", "jetty.http.port=8080",
                        "db-connection-type=driver",
                        "jetty.session.jdbc.driverClass=org.postgresql.Driver",
                        "jetty.session.jdbc.driverUrl=jdbc:postgresql://db:5432/users?user=app&password=app-db-password",
                        "jetty.session.flushOnResponseCommit=true",
                        "jetty.session.saveOnCreate=true",
                        "jetty.sessionIdManager.workerName=" + node)
                .withExposedPorts(8080)
                .waitingFor(org.testcontainers.containers.wait.strategy.Wait.forHttp("/app/public/ping")
                        .forPort(8080).forStatusCode(200))
                .withStartupTimeout(Fixtures.STARTUP);
    }

}
