package dev.remoteuser.it;

import dev.remoteuser.testsupport.client.Reply;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * What the cluster suites share: the load balancer (nginx, round robin, no stickiness) in front of the nodes, the
 * proxy login on its login path, and the load run that kills a node.
 */
final class Clusters {

    /** The login path: the only path on which the balancer passes the identity header (as the proxy's login). */
    static final String LOGIN = "/app/login/x";
    /** A page for staff (every user has the default role staff). */
    static final String PAGE = "/app/secure/x";
    static final String LOGOUT = "/app/logout";
    /** The session key every node of a cluster gets, as the README tells operators. */
    static final String KEY = "cluster-session-key-" + "0123456789abcdefghijklmnopqrstuvwxyz";

    private Clusters() {
    }

    /** The network's subnet (the balancer's address is not known before the nodes start; the nodes trust this). */
    static String subnet(Network network) {
        return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec()
                .getIpam().getConfig().get(0).getSubnet();
    }

    /** Waits in the container until every node name resolves (static membership resolves them at startup). */
    static String[] waitForNames(List<String> nodes, String command) {
        return new String[] {"sh", "-c", "until getent hosts " + String.join(" ", nodes)
                + " >/dev/null; do sleep 0.2; done; exec " + command};
    }

    /**
     * nginx on port 8100 balancing round robin over the nodes' port 8080 with no stickiness; the login path gets
     * {@code Remote-User} from the client's {@code X-Login-As} (the proxy having logged the user in), every other
     * path has it removed. A node that does not answer within a second is skipped for 10 s and the request retried on
     * the next node, as an operator would configure failover.
     */
    static GenericContainer<?> balancer(Network network, List<String> nodes) {
        StringBuilder upstream = new StringBuilder();
        for (String node : nodes) {
            upstream.append("        server ").append(node).append(":8080 max_fails=1 fail_timeout=10s;\n");
        }
        String conf = """
                worker_processes 1;
                error_log /dev/stderr warn;
                pid /tmp/nginx.pid;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    upstream nodes {
                %s    }
                    proxy_connect_timeout 1s;
                    proxy_read_timeout 10s;
                    proxy_next_upstream error timeout http_502 http_503;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    server {
                        listen 8100;
                        location /app/login/ {
                            proxy_set_header Remote-User $http_x_login_as;
                            proxy_set_header X-Login-As "";
                            proxy_pass http://nodes;
                        }
                        location / {
                            proxy_set_header Remote-User "";
                            proxy_set_header X-Login-As "";
                            proxy_pass http://nodes;
                        }
                    }
                }
                """.formatted(upstream);
        Path file = Fixtures.write(Fixtures.WORK.resolve("cluster-balancer/nginx.conf"), conf);
        return new GenericContainer<>(Fixtures.BASE).withNetwork(network).withNetworkAliases("balancer")
                .withCopyFileToContainer(MountableFile.forHostPath(file), "/etc/nginx/nginx.conf")
                .withCommand("nginx", "-g", "daemon off;").withExposedPorts(8100)
                .waitingFor(Wait.forListeningPort()).withStartupTimeout(Fixtures.STARTUP);
    }

    static URI url(GenericContainer<?> container, int port, String path) {
        return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(port) + path);
    }

    static HttpClient client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    static Reply get(HttpClient http, URI uri, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new Reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Logs the user in through the balancer's login path; the session cookie. */
    static String login(HttpClient http, GenericContainer<?> balancer, String user, String... cookie)
            throws Exception {
        List<String> headers = new ArrayList<>(List.of("X-Login-As", user));
        if (cookie.length > 0) {
            headers.add("Cookie");
            headers.add(cookie[0]);
        }
        Reply login = get(http, url(balancer, 8100, LOGIN), headers.toArray(String[]::new));
        assertEquals(200, login.status(), login.body());
        assertEquals(user, login.principal(), login.body());
        return login.cookie();
    }

    /**
     * The user's requests through the balancer, {@code count} of them: every one must be this user's (never anyone
     * else's, never anonymous); the nodes that answered.
     */
    static Set<String> spread(HttpClient http, GenericContainer<?> balancer, String user, String cookie, int count)
            throws Exception {
        Set<String> nodes = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            Reply reply = get(http, url(balancer, 8100, PAGE), "Cookie", cookie);
            assertEquals(200, reply.status(), user + " request " + i + ": " + reply.body());
            assertEquals(user, reply.principal(), "request " + i + " through the balancer");
            nodes.add(reply.get("node"));
        }
        return nodes;
    }

    /** What each node says about this session cookie when asked directly (no header): node to principal. */
    static Map<String, String> onEveryNode(HttpClient http, Map<String, GenericContainer<?>> nodes, String cookie)
            throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Map.Entry<String, GenericContainer<?>> node : nodes.entrySet()) {
            Reply reply = get(http, url(node.getValue(), 8080, "/app/public/x"), "Cookie", cookie);
            seen.put(node.getKey(), reply.principal());
        }
        return seen;
    }

    /**
     * What every cluster suite checks through the balancer, in order: one login on the login path reaches every node
     * with the user; a user switch and the logout path on one node hold on every node (each asked directly); then
     * 100 users, 200 requests a second for 20 s, {@code victim} SIGKILLed after 5 s. Asserts what must hold whatever
     * the session store (never another user's identity, no 5xx for requests sent after the kill, the load ran, every
     * node served); the outcome for the store-specific checks.
     */
    static Outcome switchLogoutAndKill(GenericContainer<?> balancer, Map<String, GenericContainer<?>> nodes,
                                       String victim) throws Exception {
        HttpClient http = client();
        String alice = login(http, balancer, "alice");
        assertEquals(nodes.keySet(), spread(http, balancer, "alice", alice, 30),
                "round robin reached every node with alice's session");

        String bob = login(http, balancer, "bob", alice);
        assertEquals(everyNode(nodes, "none"), onEveryNode(http, nodes, alice), "alice's session is gone");
        assertEquals(everyNode(nodes, "bob"), onEveryNode(http, nodes, bob));

        Reply logout = get(http, url(balancer, 8100, LOGOUT), "Cookie", bob);
        assertEquals(200, logout.status());
        assertEquals(everyNode(nodes, "none"), onEveryNode(http, nodes, bob), "bob logged out everywhere");

        Map<String, String> cookies = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            cookies.put("user" + i, login(http, balancer, "user" + i));
        }
        Outcome outcome = killUnderLoad(http, balancer, cookies, 200, Duration.ofSeconds(20), Duration.ofSeconds(5),
                nodes.get(victim));
        assertEquals(List.of(), outcome.mismatches(), "no request ever saw another user");
        assertEquals(0, outcome.serverErrorsAfterKill(), "no 5xx for requests sent after the kill");
        assertTrue(outcome.requests() >= 3_000, "the load ran: " + outcome);
        assertTrue(outcome.perNode().keySet().containsAll(nodes.keySet()), "every node served before the kill");
        return outcome;
    }

    private static Map<String, String> everyNode(Map<String, GenericContainer<?>> nodes, String principal) {
        Map<String, String> expected = new LinkedHashMap<>();
        nodes.keySet().forEach(node -> expected.put(node, principal));
        return expected;
    }

    /** The figures of a load run that killed a node. */
    record Outcome(int requests, int ok, List<String> mismatches, int anonymous, int serverErrors, int serverErrorsAfterKill, int sessionsLost, int sessionsKeptWithoutIdentity,
                   long lastFailureAfterKillMillis, long slowestMillis, Map<String, Integer> perNode) {
        @Override
        public String toString() {
            return requests + " requests, " + ok + " ok, " + mismatches.size() + " identity mismatches, " + anonymous
                    + " anonymous or sent to the login form, " + serverErrors + " 5xx (" + serverErrorsAfterKill + " sent after the kill), "
                    + sessionsLost + " sessions lost (" + sessionsKeptWithoutIdentity + " of them found without the"
                    + " user), last failure " + lastFailureAfterKillMillis
                    + " ms after the kill, slowest request " + slowestMillis + " ms, per node " + perNode;
        }
    }

    /**
     * {@code rate} requests a second for {@code length}, over the users in turn (each with its session cookie,
     * through the balancer); SIGKILLs {@code victim} after {@code killAfter}. Each answer is judged: the user's own
     * page (ok), someone else's identity (a mismatch: must never happen), anonymous or refused (a login lost), 5xx.
     * A session counts as lost when the user's last request after the run is not the user's; of those, the ones
     * the node still found (with no identity in it) would be the plugin's fault, the others the container's.
     */
    static Outcome killUnderLoad(HttpClient http, GenericContainer<?> balancer, Map<String, String> cookies,
                                 int rate, Duration length, Duration killAfter, GenericContainer<?> victim)
            throws Exception {
        List<String> users = List.copyOf(cookies.keySet());
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger anonymous = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger serverErrorsAfterKill = new AtomicInteger();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastFailure = new AtomicLong(-1);
        AtomicLong slowest = new AtomicLong();
        Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        URI page = url(balancer, 8100, PAGE);
        ExecutorService senders = Executors.newFixedThreadPool(32);
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ticks.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            String user = users.get(i % users.size());
            senders.submit(() -> {
                long sent = System.nanoTime();
                Reply reply;
                try {
                    reply = get(http, page, "Cookie", cookies.get(user));
                } catch (Exception e) {
                    reply = null;
                }
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                slowest.accumulateAndGet(took, Math::max);
                requests.incrementAndGet();
                boolean afterKill = sent > killedAt.get();
                if (reply != null && reply.status() == 200 && user.equals(reply.principal())) {
                    ok.incrementAndGet();
                    perNode.computeIfAbsent(String.valueOf(reply.get("node")), n -> new AtomicInteger())
                            .incrementAndGet();
                    return;
                }
                if (killedAt.get() != Long.MAX_VALUE) {
                    lastFailure.accumulateAndGet(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt.get()),
                            Math::max);
                }
                if (reply == null || reply.status() >= 500) {
                    serverErrors.incrementAndGet();
                    if (afterKill) {
                        serverErrorsAfterKill.incrementAndGet();
                    }
                } else if (reply.status() == 200 && !"none".equals(reply.principal())) {
                    mismatches.add(user + " got " + reply.principal() + " from " + reply.get("node"));
                } else {
                    anonymous.incrementAndGet();
                }
            });
        }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        Thread.sleep(killAfter.toMillis());
        DockerClient docker = DockerClientFactory.instance().client();
        docker.killContainerCmd(victim.getContainerId()).exec();
        killedAt.set(System.nanoTime());
        Thread.sleep(Math.max(0, length.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        ticks.shutdownNow();
        senders.shutdown();
        assertTrue(senders.awaitTermination(1, TimeUnit.MINUTES), "the load's requests finished");
        int lost = 0;
        int keptWithoutIdentity = 0;
        for (String user : users) {
            Reply last = get(http, url(balancer, 8100, "/app/public/x"), "Cookie", cookies.get(user));
            if (last.status() != 200 || !user.equals(last.principal())) {
                lost++;
                if (!"none".equals(last.session())) {
                    keptWithoutIdentity++;
                }
            }
        }
        Map<String, Integer> nodes = new LinkedHashMap<>();
        new TreeSet<>(perNode.keySet()).forEach(node -> nodes.put(node, perNode.get(node).get()));
        return new Outcome(requests.get(), ok.get(), List.copyOf(mismatches), anonymous.get(), serverErrors.get(),
                serverErrorsAfterKill.get(), lost, keptWithoutIdentity, lastFailure.get(), slowest.get(), nodes);
    }
}
