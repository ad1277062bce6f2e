package dev.remoteuser.bench;

import dev.remoteuser.core.FakeRequest;
import dev.remoteuser.core.PrincipalMemo;
import dev.remoteuser.core.RemoteUserConfig;
import dev.remoteuser.core.RemoteUserPolicy;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.store.StoredUser;
import dev.remoteuser.core.store.UserStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What 100,000 distinct users cost in memory: a policy with groups, a role mapping and a cached name-keyed store
 * (as {@code userStore=realm} or {@code login-service} with the default {@code userCacheSize} of 10,000), plus an
 * adapter's per-identity memo (what the Tomcat valve and the Jetty authenticator keep per user), after every user
 * made one request. The heap is measured with {@code jcmd GC.class_histogram} (a full GC first) before the users,
 * after 20,000 (past every bound) and after all, so the differences are what the bounded caches retain, and show
 * they stop growing. Then the hit rates, each over users taken twice in
 * turn: all 100,000 (each returns after 99,999 others, past every bound: the worst case), and a hot set of 5,000.
 * Last, 20,000 users in 256 groups each, whom the memos' heap bounds limit.
 *
 * <p>Usage: {@code MemoryFootprint OUT_FILE}; writes {@code key=value} lines.
 */
public final class MemoryFootprint {

    private static final int USERS = 100_000;
    private static final int HOT_USERS = 5_000;
    /** Just past the largest bound (the identity memo's 16,384): from here on the caches should not grow. */
    private static final int PAST_BOUNDS = 20_000;
    /** Users in many groups, and how many groups each. */
    private static final int WIDE_USERS = 20_000;
    private static final int WIDE_GROUPS = 256;

    private MemoryFootprint() {
    }

    /** A store that knows every user and counts how often the policy asks it (each ask is a cache miss). */
    private static final class CountingStore implements UserStore {
        final AtomicLong finds = new AtomicLong();

        @Override
        public Optional<StoredUser> find(Identity asserted) {
            finds.incrementAndGet();
            return Optional.of(new StoredUser(Set.of("user")));
        }

        @Override
        public boolean answersByNameOnly() {
            return true;
        }
    }

    public static void main(String[] args) throws Exception {
        CountingStore store = new CountingStore();
        RemoteUserPolicy policy = new RemoteUserPolicy(RemoteUserConfig.fromOptions(Map.of("trustedProxies",
                "10.0.0.5", "groupsHeader", "Remote-Groups", "roleMapping", "g1=role1;g3=role3", "userStore",
                "realm")), store);
        PrincipalMemo<Object[]> adapterMemo = new PrincipalMemo<>(identity ->
                new Object[] {identity.name(), identity.roles().toArray(new String[0])});
        FakeRequest[] requests = new FakeRequest[USERS];
        for (int i = 0; i < USERS; i++) {
            requests[i] = FakeRequest.from("10.0.0.5").header("Host", "app.example.com")
                    .header("Remote-User", "user" + (i + 1)).header("Remote-Groups", "g1,g3");
        }
        long before = heapBytes();
        for (int i = 0; i < PAST_BOUNDS; i++) {
            adapterMemo.of(((Decision.Authenticated) policy.decide(requests[i])).identity());
        }
        long pastBounds = heapBytes();
        for (int i = PAST_BOUNDS; i < USERS; i++) {
            adapterMemo.of(((Decision.Authenticated) policy.decide(requests[i])).identity());
        }
        long after = heapBytes();
        StringBuilder out = new StringBuilder();
        out.append("users=").append(USERS).append('\n');
        out.append("retainedBytesAt").append(PAST_BOUNDS).append("Users=").append(pastBounds - before).append('\n');
        out.append("retainedBytes=").append(after - before).append('\n');
        out.append("identityMemoBound=").append(PrincipalMemo.MAX_ENTRIES).append('\n');
        out.append("adapterMemoEntries=").append(adapterMemo.size()).append('\n');
        out.append("storeCacheBound=10000\n");
        out.append("storeCacheMisses=").append(store.finds.get()).append('\n');

        hitRates(out, "repeat", policy, store, requests, USERS);
        hitRates(out, "hot", policy, store, requests, HOT_USERS);
        wideUsers(out);
        Files.writeString(Path.of(args[0]), out, StandardCharsets.UTF_8);
        System.out.print(out);
    }

    /**
     * Users in 256 groups of 29 characters each (a 7,679-character groups header, as nested directory groups give),
     * no role mapping (so every group is a role), through the policy and an adapter's principal memo the way the
     * adapters use it: what 20,000 of them retain, which the memos' heap bounds (not their entry bounds) limit.
     */
    private static void wideUsers(StringBuilder out) throws IOException, InterruptedException {
        RemoteUserPolicy policy = new RemoteUserPolicy(RemoteUserConfig.fromOptions(Map.of("trustedProxies",
                "10.0.0.5", "groupsHeader", "Remote-Groups")));
        PrincipalMemo<Object[]> adapterMemo = new PrincipalMemo<>(identity ->
                new Object[] {identity.name(), identity.roles().toArray(new String[0])});
        StringBuilder groups = new StringBuilder();
        for (int g = 0; g < WIDE_GROUPS; g++) {
            groups.append(g == 0 ? "" : ",").append(String.format(Locale.ROOT, "cn=grp-%04d.ou=groups.dc=corp", g));
        }
        long before = heapBytes();
        for (int i = 0; i < WIDE_USERS; i++) {
            // each request brings its own header strings, as a container's do
            FakeRequest request = FakeRequest.from("10.0.0.5").header("Host", "app.example.com")
                    .header("Remote-User", "wide" + (i + 1)).header("Remote-Groups", groups.toString());
            adapterMemo.of((Decision.Authenticated) policy.decide(request));
        }
        long after = heapBytes();
        out.append("wideUsers=").append(WIDE_USERS).append('\n');
        out.append("wideGroupsHeaderBytes=").append(groups.length()).append('\n');
        out.append("wideRetainedBytes=").append(after - before).append('\n');
        out.append("wideAdapterMemoEntries=").append(adapterMemo.size()).append('\n');
        out.append("wideRetainedBytesPerKeptUser=").append((after - before) / Math.max(1, adapterMemo.size()))
                .append('\n');
    }

    /**
     * Users 1 to {@code users} twice in turn: the share of the second requests whose decision returned the very
     * identity object of the first (a hit in the identity memo; a miss builds a new one), and the share of the second
     * requests the store cache answered.
     */
    private static void hitRates(StringBuilder out, String name, RemoteUserPolicy policy, CountingStore store,
            FakeRequest[] requests, int users) {
        Map<FakeRequest, Identity> first = new IdentityHashMap<>();
        for (int i = 0; i < users; i++) {
            first.put(requests[i], ((Decision.Authenticated) policy.decide(requests[i])).identity());
        }
        long finds = store.finds.get();
        long same = 0;
        for (int i = 0; i < users; i++) {
            same += ((Decision.Authenticated) policy.decide(requests[i])).identity() == first.get(requests[i]) ? 1 : 0;
        }
        out.append(name).append("Users=").append(users).append('\n');
        out.append(name).append("IdentityHitRate=").append(rate(same / (double) users)).append('\n');
        out.append(name).append("StoreHitRate=")
                .append(rate(1 - (store.finds.get() - finds) / (double) users)).append('\n');
    }

    private static String rate(double rate) {
        return String.format(Locale.ROOT, "%.3f", rate);
    }

    /** Total bytes of live objects, from the class histogram (which runs a full GC first). */
    private static long heapBytes() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        for (String line : histogram.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length == 3 && cells[0].equals("Total")) {
                return Long.parseLong(cells[2]);
            }
        }
        throw new IOException("no total in the class histogram: " + histogram);
    }
}
