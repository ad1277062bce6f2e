package dev.remoteuser.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remoteuser.testsupport.FaultyLoginModule;
import dev.remoteuser.testsupport.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * The user store failing under load, in Tomcat 10.1 and Jetty 12.1 from their distributions: a JAAS store
 * ({@link FaultyLoginModule}) switched at run time between answering, throwing, crashing and hanging, with the cache
 * off so every request asks it. While it fails every request is refused with 503 and the webapp never runs; a hung
 * store answers 503 after {@code userStoreTimeout}; when it answers again, so does the service.
 */
class StoreFaultsIT {

    static final List<String> SERVERS = List.of("faults-tomcat", "faults-jetty");
    /** The fault sequence each server goes through; each phase runs load for a few seconds. */
    static final List<String> PHASES = List.of("ok", "throw", "ok", "crash", "ok", "hang", "ok");

    private static StartedContainers containers;
    private static final Map<String, GenericContainer<?>> running = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void startEverything() throws Exception {
        containers = new StartedContainers();
        Network network = containers.network();
        // the servers trust this process, which reaches them through the network's gateway
        String gateway = Fixtures.gateway(network);
        String[][] options = {
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

        GenericContainer<?> tomcat = Fixtures.tomcat(network, "faults-tomcat", System.getProperty("tomcat.version"),
                options, "")
                .withCopyFileToContainer(jaasConf, "/opt/jaas.conf")
                // the valve runs before Tomcat binds the webapp's loader, so JAAS loads the module from lib/
                .withCopyFileToContainer(MountableFile.forHostPath(
                        Fixtures.ARTIFACTS.resolve("remote-user-auth-test-support.jar")),
                        "/opt/tomcat/lib/remote-user-auth-test-support.jar")
                .withEnv("CATALINA_OPTS", "-Xmx256m " + jaasOption);
        GenericContainer<?> jetty = Fixtures.jetty(network, "faults-jetty", System.getProperty("jetty.version"),
                options)
                .withCopyFileToContainer(jaasConf, "/opt/jaas.conf")
                .withCommand("java", "-Xmx256m", jaasOption, "-jar", "/opt/jetty-home/start.jar",
                        "jetty.home=/opt/jetty-home", "jetty.base=/opt/jetty-base", "jetty.http.port=8080");
        for (GenericContainer<?> server : List.of(tomcat, jetty)) {
            server.withCopyToContainer(Transferable.of("ok\n"), "/tmp/store-mode");
        }
        running.put("faults-tomcat", containers.start(tomcat));
        running.put("faults-jetty", containers.start(jetty));
    }

    @AfterAll
    static void stopEverything() {
        if (containers != null) {
            containers.close();
        }
    }

    static List<String> servers() {
        return SERVERS;
    }

    /** What one phase saw. */
    record Outcome(int requests, int admitted, int refused503, List<String> wrong) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void aFailingOrHungStoreFailsClosedAndTheServiceRecovers(String alias) throws Exception {
        GenericContainer<?> server = running.get(alias);
        URI uri = URI.create("http://" + server.getHost() + ":" + server.getMappedPort(8080) + "/app/public/x");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<String> report = new ArrayList<>();
        for (String mode : PHASES) {
            assertEquals(0, server.execInContainer("sh", "-c", "echo " + mode + " > /tmp/store-mode").getExitCode());
            // requests still waiting on the previous phase's store finish within userStoreTimeout
            Thread.sleep(1_500);
            Outcome outcome = load(http, uri, mode.equals("ok"));
            report.add(mode + ": " + outcome.requests() + " requests, " + outcome.admitted() + " admitted, "
                    + outcome.refused503() + " refused with 503");
            assertEquals(List.of(), outcome.wrong(), alias + " in phase " + mode);
            assertTrue(outcome.requests() > 0, "phase " + mode + " sent requests");
        }
        System.out.println("store faults " + alias + ": " + String.join("; ", report));
    }

    /**
     * Four threads send requests for three seconds, each as one of 20 users; with a working store every answer is
     * that user with the store's role, with a failing one every answer is a 503 that never reached the webapp.
     */
    private static Outcome load(HttpClient http, URI uri, boolean storeWorks) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                running.add(threads.submit(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        String user = "user" + ((thread * 7 + i) % 20);
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(20)).header("Remote-User", user).build(),
                                HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        Reply reply = new Reply(response);
                        if (response.statusCode() == 200 && user.equals(reply.principal())) {
                            admitted.incrementAndGet();
                            if (!storeWorks) {
                                wrong.add("admitted " + user + " while the store fails");
                            } else if (!reply.inRole("manager")) {
                                wrong.add(user + " without the store's role");
                            }
                        } else if (response.statusCode() == 503 && reply.report().isEmpty()) {
                            refused.incrementAndGet();
                            if (storeWorks) {
                                wrong.add("503 while the store works: " + response.body());
                            }
                        } else {
                            wrong.add(response.statusCode() + " " + response.body());
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
        return new Outcome(requests.get(), admitted.get(), refused.get(), List.copyOf(wrong));
    }
}
