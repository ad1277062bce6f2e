package dev.remoteuser.bench;

import dev.remoteuser.core.FakeRequest;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.store.StoredUser;
import dev.remoteuser.core.store.UserStore;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core decision, one call of {@link RemoteUserPolicy#decide} per operation, for the request shapes the benchmark
 * report covers. Run with {@code -prof gc} for allocated bytes per operation. Targets: user + 5 groups + mapping at
 * most 250 ns and 1 KiB per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CoreDecisionBenchmark {

    private static final String PROXY = "10.0.0.5";

    private final RemoteUserPolicy userOnly = policy(null, "trustedProxies", PROXY);
    private final RemoteUserPolicy groupsMapped = policy(null, "trustedProxies", PROXY, "groupsHeader",
            "Remote-Groups", "roleMapping", "g1=role1;g2=role2;g3=role3 role4;g5=role5");
    private final RemoteUserPolicy cachedStore = policy(new MapStore(), "trustedProxies", PROXY, "groupsHeader",
            "Remote-Groups", "userStore", "realm");

    private final FakeRequest user = request(PROXY, "Remote-User", "alice");
    private final FakeRequest userWithGroups = request(PROXY, "Remote-User", "alice", "Remote-Groups",
            "g1,g2,g3,g4,g5");
    private final FakeRequest untrusted = request("192.0.2.7", "Remote-User", "admin", "Remote-Groups",
            "admins", "Remote_User", "admin");
    private final FakeRequest duplicate = request(PROXY, "Remote-User", "alice", "Remote-User", "bob");
    /** 10,000 distinct users with the same groups, taken in turn: returning users whose state is not in L1/L2. */
    private final FakeRequest[] manyUsers = new FakeRequest[10_000];
    private int nextUser;

    {
        for (int i = 0; i < manyUsers.length; i++) {
            manyUsers[i] = request(PROXY, "Remote-User", "user" + (i + 1), "Remote-Groups", "g1,g3");
        }
    }

    /**
     * A request from this peer with these header name and value pairs, plus the two headers every browser sends:
     * the core looks past them in every scan.
     */
    private static FakeRequest request(String peer, String... nameValues) {
        FakeRequest request = FakeRequest.from(peer);
        for (int i = 0; i < nameValues.length; i += 2) {
            request.header(nameValues[i], nameValues[i + 1]);
        }
        return request.header("Host", "app.example.com").header("Accept", "*/*");
    }

    private static RemoteUserPolicy policy(UserStore store, String... options) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return new RemoteUserPolicy(RemoteUserConfig.fromOptions(map), store);
    }

    /** A user store that knows every name (what a warm Realm answers); the policy's cache sits in front. */
    private static final class MapStore implements UserStore {
        @Override
        public Optional<StoredUser> find(dev.remoteuser.core.decision.Identity asserted) {
            return Optional.of(new StoredUser(Set.of("user")));
        }
    }

    @Benchmark
    public Decision trustedUserOnly() {
        return userOnly.decide(user);
    }

    @Benchmark
    public Decision userFiveGroupsMapped() {
        return groupsMapped.decide(userWithGroups);
    }

    @Benchmark
    public Decision untrustedPeerStripped() {
        return groupsMapped.decide(untrusted);
    }

    @Benchmark
    public Decision duplicateRejected() {
        return userOnly.decide(duplicate);
    }

    @Benchmark
    public Decision cachedStoreHit() {
        return cachedStore.decide(userWithGroups);
    }

    /** What the load benchmark's 10,000-user pool costs the core: each user returns every 10,000 requests. */
    @Benchmark
    public Decision returningUsers10000() {
        return groupsMapped.decide(nextOf(manyUsers));
    }

    /** The same pool with the cached user store in front of every answer. */
    @Benchmark
    public Decision cachedStoreHits10000() {
        return cachedStore.decide(nextOf(manyUsers));
    }

    /** 256 groups of 29 characters each: a directory user's nested groups, 7,679 characters. */
    private static final String WIDE_GROUPS = wideGroups();

    private static String wideGroups() {
        StringBuilder groups = new StringBuilder("g1");
        for (int g = 1; g < 256; g++) {
            groups.append(',').append(String.format(java.util.Locale.ROOT, "cn=grp-%04d.ou=groups.dc=corp", g));
        }
        return groups.toString();
    }

    /**
     * A returning user in 256 groups, each read of a header value a new string as a container makes them (so their
     * hashes are not known yet): the memo answers after hashing and comparing the raw header.
     */
    private final FakeRequest wide = request(PROXY, "Remote-User", "alice", "Remote-Groups", WIDE_GROUPS)
            .freshValues();

    @Benchmark
    public Decision wideReturningUser() {
        return groupsMapped.decide(wide);
    }

    private FakeRequest nextOf(FakeRequest[] requests) {
        FakeRequest request = requests[nextUser];
        nextUser = nextUser + 1 == requests.length ? 0 : nextUser + 1;
        return request;
    }
}
