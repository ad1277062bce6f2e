package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.store.AccountDisabledException;
import dev.remoteuser.core.store.StoredUser;
import dev.remoteuser.core.store.UserStore;
import dev.remoteuser.core.store.UserStoreException;

import static dev.remoteuser.core.Policies.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserStoreTest {

    /** A store that knows alice (role: manager, or {@link #aliceRole}), says carol is locked, counts look-ups. */
    private static final class CountingStore implements UserStore {
        final List<String> lookups = new ArrayList<>();
        volatile boolean down;
        volatile String aliceRole = "manager";

        @Override
        public Optional<StoredUser> find(Identity asserted) throws UserStoreException {
            String username = asserted.name();
            lookups.add(username);
            if (down) {
                throw new UserStoreException("connection refused");
            }
            return switch (username) {
                case "alice" -> Optional.of(new StoredUser(Set.of(aliceRole)));
                case "carol" -> throw new AccountDisabledException("locked");
                default -> Optional.empty();
            };
        }
    }

    private final CountingStore store = new CountingStore();
    private final AtomicLong nanos = new AtomicLong();

    private RemoteUserPolicy policy(String... options) {
        String[] all = new String[options.length + 2];
        all[0] = "userStore";
        all[1] = "realm";
        System.arraycopy(options, 0, all, 2, options.length);
        return new RemoteUserPolicy(config(all), store, nanos::get);
    }

    private static FakeRequest user(String name) {
        return FakeRequest.fromProxy().header("Remote-User", name).header("Remote-Groups", "staff");
    }

    /**
     * A store that answers by name (a Realm, a LoginService) is asked once per user however the client varies the
     * groups header; one that may read the groups (JAAS) once per distinct pair. Each answer still gets the roles of
     * its own groups.
     */
    @Test
    void answersAreCachedByWhatTheStoreAnswersBy() {
        List<String> byNameLookups = new ArrayList<>();
        UserStore byName = new UserStore() {
            @Override
            public Optional<StoredUser> find(Identity asserted) {
                byNameLookups.add(asserted.name());
                return Optional.of(new StoredUser(Set.of("manager")));
            }

            @Override
            public boolean answersByNameOnly() {
                return true;
            }
        };
        RemoteUserPolicy realmLike = new RemoteUserPolicy(config("userStore", "realm", "groupsHeader",
                "Remote-Groups"), byName, nanos::get);
        RemoteUserPolicy jaasLike = policy("groupsHeader", "Remote-Groups");

        for (int i = 0; i < 100; i++) {
            FakeRequest request = FakeRequest.fromProxy().header("Remote-User", "alice")
                    .header("Remote-Groups", "group-" + i);
            Identity identity = ((Decision.Authenticated) realmLike.decide(request)).identity();
            assertEquals(Set.of("manager", "group-" + i), identity.roles());
            jaasLike.decide(FakeRequest.fromProxy().header("Remote-User", "alice").header("Remote-Groups",
                    "group-" + i));
        }

        assertEquals(List.of("alice"), byNameLookups);
        assertEquals(100, store.lookups.size());
    }

    @Test
    void storeRolesAreMergedWithHeaderRoles() {
        Decision decision = policy("groupsHeader", "Remote-Groups").decide(user("alice"));

        assertEquals(Set.of("manager", "staff"), ((Decision.Authenticated) decision).identity().roles());
    }

    @Test
    void unknownUsersAreAcceptedByDefault() {
        Decision decision = policy("groupsHeader", "Remote-Groups").decide(user("bob"));

        assertEquals(Set.of("staff"), ((Decision.Authenticated) decision).identity().roles());
    }

    @Test
    void unknownUsersAreRefusedWhenCreateUnknownUsersIsFalse() {
        Decision decision = policy("createUnknownUsers", "false").decide(user("bob"));

        assertEquals(Reason.UNKNOWN_USER, ((Decision.Rejected) decision).reason());
        assertEquals(403, ((Decision.Rejected) decision).status());
    }

    @Test
    void disabledAccountsAreRefusedWith403() {
        Decision decision = policy().decide(user("carol"));

        assertEquals(Reason.ACCOUNT_DISABLED, ((Decision.Rejected) decision).reason());
        assertEquals(403, ((Decision.Rejected) decision).status());
    }

    @Test
    void aFailingStoreFailsClosedWith503() {
        store.down = true;

        Decision decision = policy().decide(user("alice"));

        assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) decision).reason());
        assertEquals(503, ((Decision.Rejected) decision).status());
    }

    @Test
    void aStoreThrowingUncheckedOrAnsweringNullFailsClosed() {
        RemoteUserPolicy throwing = new RemoteUserPolicy(config("userStore", "realm"), asserted -> {
            throw new IllegalStateException("bug");
        });
        RemoteUserPolicy answeringNull = new RemoteUserPolicy(config("userStore", "realm", "userCacheTtl", "0"),
                asserted -> null);

        assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) throwing.decide(user("alice"))).reason());
        assertEquals(Reason.STORE_UNAVAILABLE, ((Decision.Rejected) answeringNull.decide(user("alice"))).reason());
    }

    /** The operator's log line must say why the store failed: its exception's type and message, escaped. */
    @Test
    void aStoreFailureKeepsItsCauseForTheLog() {
        RemoteUserPolicy throwing = new RemoteUserPolicy(config("userStore", "realm"), asserted -> {
            throw new UserStoreException("connection refused: db.internal:5432\r\nforged",
                    new java.io.IOException("socket closed"));
        });
        RemoteUserPolicy answeringNull = new RemoteUserPolicy(config("userStore", "realm", "userCacheTtl", "0"),
                asserted -> null);

        assertEquals("user store failed: UserStoreException: connection refused: db.internal:5432\r\nforged;"
                + " caused by IOException: socket closed",
                ((Decision.Rejected) throwing.decide(user("alice"))).cause().orElseThrow());
        assertEquals("user store failed: it answered nothing (unavailable)",
                ((Decision.Rejected) answeringNull.decide(user("alice"))).cause().orElseThrow());
        String line = new AuditLog(10).refusalLine((Decision.Rejected) throwing.decide(user("alice")), "10.0.0.5",
                "/app");
        assertEquals("remote-user-auth: refused request reason=STORE_UNAVAILABLE status=503 peer=10.0.0.5"
                + " path=\"/app\" cause=\"user store failed: UserStoreException: connection refused:"
                + " db.internal:5432\\x0D\\x0Aforged; caused by IOException: socket closed\"", line);
    }

    @Test
    void answersAreCachedForTheTtlIncludingNotFound() {
        RemoteUserPolicy policy = policy("userCacheTtl", "60");

        policy.decide(user("alice"));
        policy.decide(user("bob"));
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        policy.decide(user("alice"));
        policy.decide(user("bob"));
        assertEquals(List.of("alice", "bob"), store.lookups);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        policy.decide(user("alice"));
        assertEquals(List.of("alice", "bob", "alice"), store.lookups);
    }

    @Test
    void aReturningUserGetsTheIdentityBuiltFromTheCachedAnswerUntilItExpires() {
        RemoteUserPolicy policy = policy("groupsHeader", "Remote-Groups", "userCacheTtl", "60");

        Identity first = ((Decision.Authenticated) policy.decide(user("alice"))).identity();
        store.aliceRole = "director";
        Identity again = ((Decision.Authenticated) policy.decide(user("alice"))).identity();
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        Identity afterExpiry = ((Decision.Authenticated) policy.decide(user("alice"))).identity();

        assertSame(first, again);
        assertEquals(Set.of("manager", "staff"), again.roles());
        assertEquals(Set.of("director", "staff"), afterExpiry.roles());
        assertEquals(List.of("alice", "alice"), store.lookups);
    }

    @Test
    void aCachedUnknownUserStaysRefusedWhenCreateUnknownUsersIsFalse() {
        RemoteUserPolicy policy = policy("createUnknownUsers", "false");

        Decision first = policy.decide(user("bob"));
        Decision again = policy.decide(user("bob"));

        assertEquals(Reason.UNKNOWN_USER, ((Decision.Rejected) first).reason());
        assertEquals(Reason.UNKNOWN_USER, ((Decision.Rejected) again).reason());
        assertEquals(List.of("bob"), store.lookups);
    }

    @Test
    void failuresAreNotCachedSoTheStoreIsUsedAgainOnceItRecovers() {
        RemoteUserPolicy policy = policy();
        store.down = true;
        assertInstanceOf(Decision.Rejected.class, policy.decide(user("alice")));

        store.down = false;

        assertInstanceOf(Decision.Authenticated.class, policy.decide(user("alice")));
    }

    @Test
    void ttlZeroDisablesTheCache() {
        RemoteUserPolicy policy = policy("userCacheTtl", "0");

        policy.decide(user("alice"));
        policy.decide(user("alice"));

        assertEquals(List.of("alice", "alice"), store.lookups);
    }

    @Test
    void theCacheKeyIncludesTheGroupsSoNewGroupsAskTheStoreAgain() {
        RemoteUserPolicy policy = policy("groupsHeader", "Remote-Groups");

        policy.decide(user("alice"));
        policy.decide(user("alice"));
        policy.decide(FakeRequest.fromProxy().header("Remote-User", "alice").header("Remote-Groups", "admins"));

        assertEquals(List.of("alice", "alice"), store.lookups);
    }

    @Test
    void theStoreSeesTheAssertedGroupsAndAttributes() {
        List<Identity> seen = new ArrayList<>();
        RemoteUserPolicy policy = new RemoteUserPolicy(config("userStore", "jaas", "jaasAppName", "x",
                "groupsHeader", "Remote-Groups", "attributeHeaders", "email=Remote-Email"), asserted -> {
                    seen.add(asserted);
                    return Optional.empty();
                });

        policy.decide(user("alice").header("Remote-Email", "alice@example.com"));

        assertEquals(Set.of("staff"), seen.get(0).groups());
        assertEquals(Map.of("email", "alice@example.com"), seen.get(0).attributes());
    }

    @Test
    void storeMustMatchTheConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteUserPolicy(config("userStore", "realm")));
        assertThrows(IllegalArgumentException.class,
                () -> new RemoteUserPolicy(config(), asserted -> Optional.empty()));
    }

    @Test
    void theStoreIsAskedWithTheNormalisedName() {
        RemoteUserPolicy policy = policy("stripRealm", "EXAMPLE.COM", "lowercaseUsername", "true");

        policy.decide(FakeRequest.fromProxy().header("Remote-User", "Alice@EXAMPLE.COM"));

        assertEquals(List.of("alice"), store.lookups);
    }

    @Test
    void theStoreIsNotAskedForRefusedValues() {
        policy().decide(FakeRequest.fromProxy().header("Remote-User", "$remote_user"));
        policy().decide(FakeRequest.from("10.9.9.9").header("Remote-User", "alice"));

        assertEquals(List.of(), store.lookups);
    }
}
