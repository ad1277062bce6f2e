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
 * identity headers (a browser's cookies and the headers proxies add), which every scan reads past. One returning
 * user per case, as the load benchmark's one-user variants. Target: the cost grows at most linearly with the groups.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class ScalingBenchmark {

    private static final String PROXY = "10.0.0.5";

    /** Groups in the groups header, each mapped to a role (maxGroups is 256 by default). */
    @Param({"1", "5", "50", "256"})
    public int groups;

    /** Other header fields besides Host and Accept, 40 bytes each. */
    @Param({"0", "30"})
    public int otherHeaders;

    /** Bytes of a Cookie header. */
    @Param({"0", "4096"})
    public int cookieBytes;

    private RemoteUserPolicy policy;
    private FakeRequest request;

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
        request = FakeRequest.from(PROXY).header("Host", "app.example.com").header("Accept", "*/*");
        for (int i = 0; i < otherHeaders; i++) {
            request.header("X-Extra-" + i, "v".repeat(30));
        }
        if (cookieBytes > 0) {
            request.header("Cookie", "c=" + "x".repeat(cookieBytes - 2));
        }
        request.header("Remote-User", "alice").header("Remote-Groups", names.toString());
    }

    @Benchmark
    public Decision decide() {
        return policy.decide(request);
    }
}
