package dev.remoteuser.core;

import dev.remoteuser.core.decision.Identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
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
}
