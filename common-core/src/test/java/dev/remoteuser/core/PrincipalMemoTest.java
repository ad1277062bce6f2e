package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.store.StoredUser;

import static dev.remoteuser.core.Policies.config;
import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The adapters' memo of what they build per identity: a returning user (an equal identity) gets what was built for
 * it, an identity that differs in anything gets its own, and the memo stays within its bound.
 */
class PrincipalMemoTest {

    private static Identity identity(String name, Set<String> roles, Map<String, String> attributes) {
        return new Identity(name, roles, Set.of("g"), attributes);
    }

    @Test
    void anEqualIdentityGetsWhatWasBuiltForItOnce() {
        AtomicInteger builds = new AtomicInteger();
        PrincipalMemo<String> memo = new PrincipalMemo<>(i -> i.name() + "#" + builds.incrementAndGet());

        String first = memo.of(identity("bob", Set.of("staff"), Map.of()));
        String again = memo.of(identity("bob", Set.of("staff"), Map.of()));

        assertSame(first, again);
        assertEquals(1, builds.get());
    }

    @Test
    void identitiesThatDifferInAnythingNeverShare() {
        PrincipalMemo<Object> memo = new PrincipalMemo<>(i -> new Object());
        Identity bob = identity("bob", Set.of("staff"), Map.of("email", "bob@example.com"));
        Object bobs = memo.of(bob);

        assertNotSame(bobs, memo.of(identity("Bob", Set.of("staff"), Map.of("email", "bob@example.com"))));
        assertNotSame(bobs, memo.of(identity("bob", Set.of("staff", "admin"), Map.of("email", "bob@example.com"))));
        assertNotSame(bobs, memo.of(identity("bob", Set.of("staff"), Map.of("email", "eve@example.com"))));
        assertNotSame(bobs, memo.of(new Identity("bob", Set.of("staff"), Set.of("other"),
                Map.of("email", "bob@example.com"))));
        assertSame(bobs, memo.of(bob));
    }

    @Test
    void manyDistinctUsersStayWithinTheBound() {
        PrincipalMemo<String> memo = new PrincipalMemo<>(100, Identity::name);

        for (int i = 0; i < 10_000; i++) {
            assertEquals("user" + i, memo.of(identity("user" + i, Set.of(), Map.of())));
        }

        assertTrue(memo.size() <= 100, "kept " + memo.size());
    }

    @Test
    void usersInHundredsOfGroupsStayWithinTheHeapBound() {
        PrincipalMemo<String> memo = new PrincipalMemo<>(Identity::name);
        Set<String> groups = new java.util.HashSet<>();
        for (int g = 0; g < 256; g++) {
            groups.add("CN=group-" + g + "_OU=Groups_" + "x".repeat(40));
        }

        for (int i = 0; i < 3_000; i++) {
            memo.of(new Identity("user" + i, groups, groups, Map.of()));
        }

        assertTrue(memo.bytes() <= PrincipalMemo.MAX_BYTES, "estimated bytes: " + memo.bytes());
        assertTrue(memo.size() < 3_000, "kept " + memo.size());
        assertTrue(memo.size() >= 300, "still keeps hundreds: " + memo.size());
    }

    private static Decision.Authenticated authenticated(RemoteUserPolicy policy, String user) {
        return assertInstanceOf(Decision.Authenticated.class, policy.decide(FakeRequest.fromProxy()
                .header("Remote-User", user).header("Remote-Groups", "ops")));
    }

    /**
     * Through the decision, a returning user gets what was built for it, each memo its own (two adapters on one
     * policy never hand each other's principals out), and another user never gets it.
     */
    @Test
    void throughTheDecisionAReturningUserGetsWhatThisMemoBuiltForIt() {
        RemoteUserPolicy policy = policy("groupsHeader", "Remote-Groups", "roleMapping", "ops=operator");
        AtomicInteger builds = new AtomicInteger();
        PrincipalMemo<String> first = new PrincipalMemo<>(i -> "first:" + i.name() + "#" + builds.incrementAndGet());
        PrincipalMemo<String> second = new PrincipalMemo<>(i -> "second:" + i.name());

        String alice = first.of(authenticated(policy, "alice"));
        assertEquals("second:alice", second.of(authenticated(policy, "alice")));
        assertSame(alice, first.of(authenticated(policy, "alice")));
        assertEquals("second:alice", second.of(authenticated(policy, "alice")));
        assertEquals("first:bob#2", first.of(authenticated(policy, "bob")));
        assertSame(alice, first.of(authenticated(policy, "alice")));
        assertEquals(2, builds.get(), "alice built once, bob once");
    }

    /**
     * A returning user whose store answer changed (the cached answer expired, the store now grants other roles) gets
     * a principal with the new roles, never the one built for the old answer.
     */
    @Test
    void aUserWhoseStoreRolesChangedGetsANewPrincipal() {
        AtomicReference<String> role = new AtomicReference<>("manager");
        AtomicLong nanos = new AtomicLong();
        RemoteUserPolicy policy = new RemoteUserPolicy(config("userStore", "realm", "groupsHeader", "Remote-Groups",
                "userCacheTtl", "60"), asserted -> Optional.of(new StoredUser(Set.of(role.get()))), nanos::get);
        PrincipalMemo<Set<String>> memo = new PrincipalMemo<>(Identity::roles);

        assertEquals(Set.of("manager", "ops"), memo.of(authenticated(policy, "alice")));
        role.set("auditor");
        assertEquals(Set.of("manager", "ops"), memo.of(authenticated(policy, "alice")), "the cached answer still holds");
        nanos.addAndGet(61_000_000_000L);

        assertEquals(Set.of("auditor", "ops"), memo.of(authenticated(policy, "alice")));
        assertEquals(Set.of("auditor", "ops"), memo.of(authenticated(policy, "alice")));
    }
}
