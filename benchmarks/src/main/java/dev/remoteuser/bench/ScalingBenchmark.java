package dev.remoteuser.bench;

import dev.remoteuser.core.FakeRequest;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.decision.Decision;

import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core decision as requests grow: more groups (each mapped to a role), and more or larger headers that are not
 * identity headers (a browser's cookies and the headers proxies add), which every scan reads past. With one
 * returning user (the identity memo answers, as long as user and groups fit its 16,384-character key, after hashing
 * the raw values: each read of a value is a new string, as in a container) and with 100,000 users in turn (every
 * request builds its identity). Target: the cost grows at most linearly with the groups, in both cases.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 1)
// a fixed, pre-touched heap, as a server's: with a growing heap the 100,000-user runs mostly measured the kernel
// zeroing fresh pages for the young generation
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class ScalingBenchmark {

    private static final String PROXY = "10.0.0.5";

    /** Groups in the groups header, each mapped to a role (maxGroups is 256 by default). */
    @Param({"1", "5", "50", "256"})
    public int groups;

    /** Other header fields besides Host and Accept, 40 bytes each. */
    @Param({"0", "30"})
    public int otherHeaders;

    /** Distinct users taken in turn: 1 (a returning user) or 100,000 (past the identity memo's bound). */
    @Param({"1", "100000"})
    public int users;

    /** Bytes of a Cookie header. */
    @Param({"0", "4096"})
    public int cookieBytes;

    private RemoteUserPolicy policy;
    private FakeRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        StringJoiner names = new StringJoiner(",");
        StringJoiner mapping = new StringJoiner(";");
        for (int i = 1; i <= groups; i++) {
            names.add("group" + i);
            mapping.add("group" + i + "=role" + i);
        }
        policy = new RemoteUserPolicy(RemoteUserConfig.fromOptions(Map.of("trustedProxies", PROXY, "groupsHeader",
                "Remote-Groups", "roleMapping", mapping.toString())));
        requests = new FakeRequest[users];
        for (int u = 0; u < users; u++) {
            // each read of a value a new string, as a container's: the memo hashes the raw values on every request
            FakeRequest request = FakeRequest.from(PROXY).freshValues().header("Host", "app.example.com")
                    .header("Accept", "*/*");
            for (int i = 0; i < otherHeaders; i++) {
                request.header("X-Extra-" + i, "v".repeat(30));
            }
            if (cookieBytes > 0) {
                request.header("Cookie", "c=" + "x".repeat(cookieBytes - 2));
            }
            requests[u] = request.header("Remote-User", "user" + u).header("Remote-Groups", names.toString());
        }
    }

    @Benchmark
    public Decision decide() {
        FakeRequest request = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        return policy.decide(request);
    }
}
