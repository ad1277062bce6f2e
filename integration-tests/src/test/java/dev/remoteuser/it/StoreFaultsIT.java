package dev.remoteuser.it;

import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.fixture.FaultyLoginModule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * The user store failing under load, in Tomcat 10.1 and Jetty 12.1 from their distributions, with the cache off so
 * every request asks it:
 * <ul>
 * <li>a JAAS store ({@link FaultyLoginModule}) switched at run time between answering, throwing, crashing and
 *     hanging: while it fails every request is refused with 503 and the webapp never runs; a hung store answers 503
 *     after {@code userStoreTimeout}; when it answers again, so does the service;</li>
 * <li>a database realm (Tomcat's {@code DataSourceRealm} over a DBCP pool, Jetty's {@code JDBCLoginService}) on a
 *     PostgreSQL container that is killed while requests run and started again: from the moment it is gone every
 *     request is 503 (never taken for an unknown user, never admitted), and the service comes back by itself.</li>
 * </ul>
 */
class StoreFaultsIT {

    /** The fault sequence each JAAS server goes through; each phase runs load for a few seconds. */
    static final List<String> PHASES = List.of("ok", "throw", "ok", "crash", "ok", "hang", "ok");
    /** Users the database knows (user0 .. user19, role manager); strangers it does not know. */
    static final int KNOWN_USERS = 20;

    private static StartedContainers containers;
    private static GenericContainer<?> database;
    private static final Map<String, GenericContainer<?>> running = new LinkedHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        containers = new StartedContainers();
        Network network = containers.network();
        // the servers trust this process, which reaches them through the network's gateway
        String gateway = Fixtures.gateway(network);
        String[][] jaasOptions = {
            {"trustedProxies", gateway},
            {"userStore", "jaas"},
            {"jaasAppName", "faulty"},
            {"jaasUserClasses", FaultyLoginModule.User.class.getName()},
            {"jaasRoleClasses", FaultyLoginModule.Role.class.getName()},
            {"userCacheTtl", "0"},
            {"userStoreTimeout", "1"},
        };
        MountableFile jaasConf = MountableFile.forHostPath(Fixtures.write(Fixtures.WORK.resolve("faults/jaas.conf"),
                "faulty {\n    " + FaultyLoginModule.class.getName()
                        + " required modeFile=\"/tmp/store-mode\";\n};\n"));
        String jaasOption = "-Djava.security.auth.login.config=/opt/jaas.conf";
        String tomcatVersion = System.getProperty("tomcat.version");
        String jettyVersion = System.getProperty("jetty.version");

        GenericContainer<?> tomcat = Fixtures.tomcat(network, "faults-tomcat", tomcatVersion, jaasOptions, "")
                .withCopyFileToContainer(jaasConf, "/opt/jaas.conf")
                // the valve runs before Tomcat binds the webapp's loader, so JAAS loads the module from lib/
                .withCopyFileToContainer(MountableFile.forHostPath(
                        Fixtures.ARTIFACTS.resolve("remote-user-auth-test-support.jar")),
                        "/opt/tomcat/lib/remote-user-auth-test-support.jar")
                .withEnv("CATALINA_OPTS", "-Xmx256m " + jaasOption);
        GenericContainer<?> jetty = Fixtures.jetty(network, "faults-jetty", jettyVersion, jaasOptions)
                .withCopyFileToContainer(jaasConf, "/opt/jaas.conf")
                .withCommand("java", "-Xmx256m", jaasOption, "-jar", "/opt/jetty-home/start.jar",
                        "jetty.home=/opt/jetty-home", "jetty.base=/opt/jetty-base", "jetty.http.port=8080");
        for (GenericContainer<?> server : List.of(tomcat, jetty)) {
            server.withCopyToContainer(Transferable.of("ok\n"), "/tmp/store-mode");
        }
        running.put("faults-tomcat", containers.start(tomcat));
        running.put("faults-jetty", containers.start(jetty));

        database = containers.start(Fixtures.postgres(network));
        ExecResult schema = database.execInContainer("runuser", "-u", "postgres", "--", "psql", "-h", "/tmp", "-q",
                "-v", "ON_ERROR_STOP=1", "-f", "/opt/users.sql");
        assertEquals(0, schema.getExitCode(), "users.sql: " + schema.getStderr());
        Path driver = Fixtures.ARTIFACTS.resolve("postgresql.jar");
        running.put("db-tomcat", containers.start(Fixtures.tomcat(network, "db-tomcat", tomcatVersion,
                databaseOptions(gateway, "realm"), "", StoreFaultsIT::withDataSourceRealm)
                .withCopyFileToContainer(MountableFile.forHostPath(driver), "/opt/tomcat/lib/postgresql.jar")));
        Map<String, Path> jdbcRealm = new LinkedHashMap<>();
        for (String file : List.of("modules/jdbc-realm.mod", "etc/jdbc-realm.xml", "etc/jdbc-realm.properties")) {
            String name = Path.of(file).getFileName().toString();
            jdbcRealm.put(file, Fixtures.write(Fixtures.WORK.resolve("faults/" + name), Fixtures.resource(name)));
        }
        jdbcRealm.put("lib/postgresql.jar", driver);
        running.put("db-jetty", containers.start(Fixtures.jetty(network, "db-jetty", jettyVersion,
                databaseOptions(gateway, "login-service"), "jdbc-realm", jdbcRealm, "", List.of())));
    }

    /** A database store as its README section advises: unknown users refused; here also no cache. */
    private static String[][] databaseOptions(String gateway, String store) {
        return new String[][] {
            {"trustedProxies", gateway},
            {"userStore", store},
            {"createUnknownUsers", "false"},
            {"userCacheTtl", "0"},
            {"userStoreTimeout", "5"},
        };
    }

    /**
     * The stock server.xml with the LockOutRealm's UserDatabaseRealm replaced by a DataSourceRealm over a global DBCP
     * pool on the database container (validated on borrow, short timeouts so a dead database fails fast).
     */
    static String withDataSourceRealm(String serverXml) {
        String edited = serverXml.replaceFirst(
                "<Realm className=\"org.apache.catalina.realm.UserDatabaseRealm\"\\s+resourceName=\"UserDatabase\"/>",
                """
                <Realm className="org.apache.catalina.realm.DataSourceRealm" dataSourceName="jdbc/users"
                               userTable="users" userNameCol="username" userCredCol="pwd"
                               userRoleTable="user_role_names" roleNameCol="role"/>""")
                .replace("</GlobalNamingResources>", """
                    <Resource name="jdbc/users" auth="Container" type="javax.sql.DataSource"
                                  driverClassName="org.postgresql.Driver"
                                  url="jdbc:postgresql://db:5432/users?connectTimeout=1&amp;socketTimeout=3&amp;loginTimeout=3"
                                  username="app" password="app-db-password" maxTotal="8" maxWaitMillis="3000"
                                  validationQuery="SELECT 1" validationQueryTimeout="2" testOnBorrow="true"/>
                  </GlobalNamingResources>""");
        if (!edited.contains("DataSourceRealm") || !edited.contains("jdbc/users\" auth")) {
            throw new IllegalStateException("server.xml changed shape: the DataSourceRealm could not be put in");
        }
        return edited;
    }

    @AfterAll
    static void stopEverything() {
        if (containers != null) {
            containers.close();
        }
    }

    static List<String> jaasServers() {
        return List.of("faults-tomcat", "faults-jetty");
    }

    static List<String> databaseServers() {
        return List.of("db-tomcat", "db-jetty");
    }

    /** The store's state when a request was sent and when its answer came. */
    enum Store {
        /** Answering: users it knows are admitted with its role, strangers refused with 403. */
        WORKS,
        /** Going down or coming back: either of the other two answers is right. */
        CHANGING,
        /** Failing: every request is refused with 503 before the webapp runs. */
        FAILS
    }

    /** What one phase saw. */
    record Outcome(int requests, int sentWhileFailing, int admitted, int strangersRefused, int refused503,
            List<String> wrong) {

        @Override
        public String toString() {
            return requests + " requests (" + sentWhileFailing + " sent and answered while the store failed), "
                    + admitted + " admitted, " + strangersRefused + " strangers refused, " + refused503
                    + " refused with 503";
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jaasServers")
    void aFailingOrHungStoreFailsClosedAndTheServiceRecovers(String alias) throws Exception {
        GenericContainer<?> server = running.get(alias);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<String> report = new ArrayList<>();
        for (String mode : PHASES) {
            assertEquals(0, server.execInContainer("sh", "-c", "echo " + mode + " > /tmp/store-mode").getExitCode());
            // requests still waiting on the previous phase's store finish within userStoreTimeout
            Thread.sleep(1_500);
            Store store = mode.equals("ok") ? Store.WORKS : Store.FAILS;
            Outcome outcome = load(http, uri(server), Duration.ofSeconds(3), false, () -> store);
            report.add(mode + ": " + outcome);
            assertEquals(List.of(), outcome.wrong(), alias + " in phase " + mode);
            assertTrue(outcome.requests() > 0, "phase " + mode + " sent requests");
        }
        System.out.println("store faults " + alias + ": " + String.join("; ", report));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databaseServers")
    void aDatabaseKilledMidRunFailsClosedAndTheServiceRecovers(String alias) throws Exception {
        GenericContainer<?> server = running.get(alias);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        DockerClient docker = DockerClientFactory.instance().client();
        AtomicReference<Store> store = new AtomicReference<>(Store.WORKS);
        Map<String, Outcome> phases = new LinkedHashMap<>();

        phases.put("up", load(http, uri(server), Duration.ofSeconds(3), true, store::get));
        // killed while requests run: what was sent before the kill may go either way, what was sent after is 503
        CompletableFuture<Outcome> killedUnderLoad = CompletableFuture.supplyAsync(() -> {
            try {
                return load(http, uri(server), Duration.ofSeconds(6), true, store::get);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(2_000);
        store.set(Store.CHANGING);
        docker.killContainerCmd(database.getContainerId()).exec();
        while (Boolean.TRUE.equals(docker.inspectContainerCmd(database.getContainerId()).exec().getState()
                .getRunning())) {
            Thread.sleep(50);
        }
        store.set(Store.FAILS);
        phases.put("killed under load", killedUnderLoad.get(2, TimeUnit.MINUTES));
        phases.put("down", load(http, uri(server), Duration.ofSeconds(8), true, store::get));

        store.set(Store.CHANGING);
        long restarted = System.nanoTime();
        docker.startContainerCmd(database.getContainerId()).exec();
        Outcome recovering = null;
        long recoveredAfter = -1;
        while (System.nanoTime() - restarted < TimeUnit.SECONDS.toNanos(90)) {
            recovering = load(http, uri(server), Duration.ofMillis(500), true, store::get);
            assertEquals(List.of(), recovering.wrong(), alias + " while the database comes back");
            if (recovering.admitted() > 0) {
                recoveredAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted);
                break;
            }
        }
        assertTrue(recoveredAfter >= 0, alias + " did not admit anyone within 90 s of the database's restart");
        store.set(Store.WORKS);
        phases.put("up again", load(http, uri(server), Duration.ofSeconds(3), true, store::get));

        List<String> report = new ArrayList<>();
        phases.forEach((phase, outcome) -> {
            report.add(phase + ": " + outcome);
            assertEquals(List.of(), outcome.wrong(), alias + " in phase " + phase);
        });
        System.out.println("database faults " + alias + ": " + String.join("; ", report)
                + "; first user admitted " + recoveredAfter + " ms after the database was started again");
        assertTrue(phases.get("killed under load").sentWhileFailing() > 0, "requests were sent after the kill");
        assertTrue(phases.get("down").refused503() > 0 && phases.get("down").admitted() == 0);
        assertTrue(phases.get("up").admitted() > 0 && phases.get("up again").admitted() > 0);
    }

    private static URI uri(GenericContainer<?> server) {
        return URI.create("http://" + server.getHost() + ":" + server.getMappedPort(8080) + "/app/public/x");
    }

    /**
     * Four threads send requests for {@code length}, each as one of 20 known users (with {@code strangers}, every
     * tenth request as a user the store does not know), and judge each answer by the store's state when the request
     * was sent and when its answer came: a working store admits known users with its role and refuses strangers with
     * 403; a failing one refuses everyone with 503 before the webapp runs.
     */
    private static Outcome load(HttpClient http, URI uri, Duration length, boolean strangers, Supplier<Store> store)
            throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger whileFailing = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger strangersRefused = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + length.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                running.add(threads.submit(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        boolean stranger = strangers && i % 10 == 9;
                        String user = (stranger ? "stranger" : "user") + ((thread * 7 + i) % KNOWN_USERS);
                        Store sent = store.get();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(20)).header("Remote-User", user).build(),
                                HttpResponse.BodyHandlers.ofString());
                        Store answered = store.get();
                        Store state = sent == answered ? sent : Store.CHANGING;
                        requests.incrementAndGet();
                        if (state == Store.FAILS) {
                            whileFailing.incrementAndGet();
                        }
                        Reply reply = new Reply(response);
                        int status = response.statusCode();
                        if (status == 503 && reply.report().isEmpty()) {
                            refused.incrementAndGet();
                            if (state == Store.WORKS) {
                                wrong.add("503 for " + user + " while the store works: " + response.body());
                            }
                        } else if (state == Store.FAILS) {
                            wrong.add(status + " for " + user + " while the store fails: " + response.body());
                        } else if (stranger && status == 403 && reply.report().isEmpty()) {
                            strangersRefused.incrementAndGet();
                        } else if (!stranger && status == 200 && user.equals(reply.principal())
                                && reply.inRole("manager")) {
                            admitted.incrementAndGet();
                        } else {
                            wrong.add(status + " for " + user + ": " + response.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get(2, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
        return new Outcome(requests.get(), whileFailing.get(), admitted.get(), strangersRefused.get(), refused.get(),
                List.copyOf(wrong));
    }
}
