package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.identity.IdentityReader;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The memo of identities per raw (user, groups) header pair: a second request with the same headers gets the very
 * identity the first built, refusals are never remembered, other headers give other identities, and the memo is
 * bounded.
 */
class IdentityMemoTest {

    private static final String[] OPTIONS = {"groupsHeader", "Remote-Groups", "roleMapping", "ops=operator;dev=dev",
        "defaultRoles", "user", "stripRealm", "EXAMPLE.COM", "lowercaseUsername", "true"};

    private static Decision decide(RemoteUserPolicy policy, String user, String groups) {
        FakeRequest request = FakeRequest.fromProxy().header("Remote-User", user);
        if (groups != null) {
            request.header("Remote-Groups", groups);
        }
        return policy.decide(request);
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "Alice@EXAMPLE.COM|ops,dev|alice|[dev, operator, user]",
        "alice|-|alice|[user]",
        "bob|ops|bob|[operator, user]",
        "bob|ops , ops|bob|[operator, user]",
        "carol@OTHER.COM|ops|FOREIGN_REALM|",
        "dave|%{X}e|PLACEHOLDER|",
        "al ice|ops|INVALID_USERNAME|",
    })
    void aRememberedDecisionIsTheDecisionBuiltAgain(String user, String groups, String expected, String roles) {
        RemoteUserPolicy remembering = policy(OPTIONS);

        Decision first = decide(remembering, user, groups);
        Decision second = decide(remembering, user, groups);
        Decision fresh = decide(policy(OPTIONS), user, groups);

        if (first instanceof Decision.Authenticated a) {
            Decision.Authenticated b = assertInstanceOf(Decision.Authenticated.class, second);
            assertSame(a.identity(), b.identity(), "the second request reuses the identity");
            assertEquals(assertInstanceOf(Decision.Authenticated.class, fresh).identity(), b.identity());
            assertEquals(expected, b.identity().name());
            assertEquals(roles, b.identity().roles().toString());
        } else {
            assertEquals(expected, ((Decision.Rejected) first).reason().name());
            assertEquals(expected, assertInstanceOf(Decision.Rejected.class, second).reason().name(),
                    "a refusal is refused again, never remembered as a success");
        }
    }

    @Test
    void otherGroupsGiveAnotherIdentity() {
        RemoteUserPolicy policy = policy(OPTIONS);

        Identity ops = ((Decision.Authenticated) decide(policy, "alice", "ops")).identity();
        Identity dev = ((Decision.Authenticated) decide(policy, "alice", "dev")).identity();
        Identity none = ((Decision.Authenticated) decide(policy, "alice", null)).identity();

        assertEquals(Set.of("operator", "user"), ops.roles());
        assertEquals(Set.of("dev", "user"), dev.roles());
        assertEquals(Set.of("user"), none.roles());
    }

    @Test
    void theMemoIsBounded() {
        RemoteUserPolicy policy = policy(OPTIONS);
        for (int i = 0; i <= IdentityReader.MAX_MEMO_ENTRIES + 10; i++) {
            decide(policy, "user" + i, "ops");
        }
        assertTrue(policy.rememberedIdentities() <= IdentityReader.MAX_MEMO_ENTRIES,
                "remembered: " + policy.rememberedIdentities());
        assertEquals("user5", ((Decision.Authenticated) decide(policy, "user5", "ops")).identity().name());
    }

    /** {@code count} groups of {@code length} characters each, "ops" first, comma-separated. */
    private static String manyGroups(int count, int length) {
        StringBuilder groups = new StringBuilder("ops");
        for (int i = 1; i < count; i++) {
            String name = "CN=group-" + i + ",OU=Groups";
            groups.append(',').append(name.replace(',', '_')).append("x".repeat(length - name.length()));
        }
        return groups.toString();
    }

    @Test
    void aReturningUserInTwoHundredFiftySixGroupsGetsTheRememberedIdentity() {
        RemoteUserPolicy policy = policy(OPTIONS);
        String groups = manyGroups(256, 30);

        // each request brings its own strings, as a container's do
        Identity first = ((Decision.Authenticated) decide(policy, new String("alice"), new String(groups)))
                .identity();
        Identity second = ((Decision.Authenticated) decide(policy, new String("alice"), new String(groups)))
                .identity();

        assertTrue(first == second, "built once, not on every request");
        assertEquals(256, second.groups().size());
        assertEquals("[operator, user]", second.roles().toString());
    }

    @Test
    void usersInHundredsOfGroupsStayWithinTheMemosHeapBound() {
        RemoteUserPolicy policy = policy(OPTIONS);
        String groups = manyGroups(256, 60);
        int users = 1_500;

        for (int i = 0; i < users; i++) {
            decide(policy, "user" + i, new String(groups));
        }

        assertTrue(policy.rememberedIdentityBytes() <= IdentityReader.MAX_MEMO_BYTES,
                "estimated bytes: " + policy.rememberedIdentityBytes());
        assertTrue(policy.rememberedIdentities() < users, "remembered: " + policy.rememberedIdentities());
        assertTrue(policy.rememberedIdentities() >= 300, "still remembers hundreds: " + policy.rememberedIdentities());
        Identity last = ((Decision.Authenticated) decide(policy, "user" + (users - 1), groups)).identity();
        assertSame(last, ((Decision.Authenticated) decide(policy, "user" + (users - 1), groups)).identity());
    }
}
