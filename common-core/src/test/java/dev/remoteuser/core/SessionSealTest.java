package dev.remoteuser.core;

import dev.remoteuser.core.config.InvalidConfigurationException;
import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.SessionPlan;
import dev.remoteuser.core.decision.UnverifiedSession;
import dev.remoteuser.core.session.SessionSeal;

import static dev.remoteuser.core.Policies.identity;
import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The identity a session keeps: what this plugin sealed comes back on any node with the same key, and nothing a
 * webapp can put in the session attribute logs anyone in.
 */
class SessionSealTest {

    private static final Identity ADMIN = new Identity("admin", Set.of("admin", "staff"), Set.of("admins"),
            Map.of("email", "admin@example.com"));

    /** Values a webapp could plant under the identity attribute, none of them sealed by the policy's key. */
    static Stream<Arguments> forgeries() throws Exception {
        String genuine = Policies.SESSION_SEAL.seal(identity("mallory"));
        String[] parts = genuine.split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        String payloadText = new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] asAdmin = payloadText.replace("mallory", "admin!!").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        UnverifiedSession notSealed = UnverifiedSession.NOT_SEALED;
        UnverifiedSession otherKey = UnverifiedSession.OTHER_KEY;
        SessionSeal anotherNode = new SessionSeal(java.util.Optional.empty());
        return Stream.of(
                Arguments.of("the identity object itself", ADMIN, notSealed),
                Arguments.of("an identity's toString", ADMIN.toString(), notSealed),
                Arguments.of("the user name", "admin", notSealed),
                Arguments.of("junk", "v1.garbage", notSealed),
                Arguments.of("another key's seal", anotherNode.seal(ADMIN), otherKey),
                Arguments.of("a genuine payload renamed, its MAC kept",
                        "v1." + base64.encodeToString(asAdmin) + "." + parts[2], otherKey),
                Arguments.of("a genuine seal without its MAC", "v1." + parts[1] + ".", otherKey),
                Arguments.of("a genuine seal with its MAC cut", genuine.substring(0, genuine.length() - 4), otherKey),
                Arguments.of("a genuine seal with a third part", genuine + ".x", notSealed),
                Arguments.of("a genuine seal of another version", "v2" + genuine.substring(2), notSealed),
                Arguments.of("a byte array of a genuine seal", genuine.getBytes(), notSealed),
                Arguments.of("a huge string", "v1." + "A".repeat(300_000) + "." + parts[2], notSealed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void nothingAWebappPlantsLogsAnyoneInAndTheOperatorIsToldWhy(String what, Object planted,
                                                                 UnverifiedSession why) {
        RemoteUserPolicy persistent = policy("mode", "persistent", "roleMapping", "admins=admin");

        Decision withoutHeader = persistent.decide(FakeRequest.fromProxy().withSessionValue(planted));
        Decision withHeader = persistent.decide(FakeRequest.fromProxy().withSessionValue(planted)
                .header("Remote-User", "mallory"));

        assertInstanceOf(Decision.NotAttempted.class, withoutHeader, what);
        assertEquals(SessionPlan.UNTOUCHED, withoutHeader.session(), what);
        Decision.Authenticated mallory = assertInstanceOf(Decision.Authenticated.class, withHeader, what);
        assertEquals("mallory", mallory.identity().name());
        // the session was not one of our logins: mallory gets it only under a new id
        assertEquals(SessionPlan.Existing.RENEW_ID, mallory.session().existing(), what);
        assertEquals(why, withoutHeader.stripped().session(), what);
        assertEquals(why, mallory.stripped().session(), what);
    }

    @Test
    void aSessionThatVerifiesOrHoldsNoValueOfOursIsNoNotice() {
        RemoteUserPolicy persistent = policy("mode", "persistent");
        RemoteUserPolicy perRequest = policy();
        String sealed = Policies.SESSION_SEAL.seal(identity("alice"));

        List<Decision> decisions = List.of(
                persistent.decide(FakeRequest.fromProxy().withSessionValue(sealed)),
                persistent.decide(FakeRequest.fromProxy().withSessionValue(sealed).header("Remote-User", "bob")),
                persistent.decide(FakeRequest.fromProxy().withSession()),
                perRequest.decide(FakeRequest.fromProxy().withSession().header("Remote-User", "bob")),
                perRequest.decide(FakeRequest.fromProxy().withSessionValue(sealed)));

        for (Decision decision : decisions) {
            assertEquals(UnverifiedSession.NONE, decision.stripped().session(), decision.toString());
        }
    }

    @Test
    void aSealedIdentityComesBackWholeUnderTheSameKey() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("email", "zoë@example.com");
        attributes.put("name", "Zoë Ünal, \"ops\"");
        Identity zoe = new Identity("zoë", Set.of("staff", "ops"), Set.of("g:1", "g.2"), attributes);
        RemoteUserPolicy persistent = policy("mode", "persistent");

        Decision.Authenticated back = assertInstanceOf(Decision.Authenticated.class,
                persistent.decide(FakeRequest.fromProxy().withSession(zoe)));

        assertEquals(zoe, back.identity());
        assertEquals(List.copyOf(attributes.keySet()), List.copyOf(back.identity().attributes().keySet()));
        assertEquals(Decision.Source.SESSION, back.source());
    }

    @Test
    void nodesWithTheSameKeyFileAcceptEachOthersSessionsAndOnlyThose(@TempDir Path dir) throws Exception {
        Path shared = Files.writeString(dir.resolve("key"), "k".repeat(40) + "\n");
        RemoteUserPolicy nodeA = policy("mode", "persistent", "sessionKeyFile", shared.toString());
        RemoteUserPolicy nodeB = policy("mode", "persistent", "sessionKeyFile", shared.toString());
        RemoteUserPolicy restartedWithoutKey = new RemoteUserPolicy(Policies.config("trustedProxies", "127.0.0.1",
                "mode", "persistent"));

        Decision.Authenticated login = (Decision.Authenticated) nodeA.decide(FakeRequest.fromProxy()
                .header("Remote-User", "alice"));
        String sealed = login.session().sealed();

        Decision onB = nodeB.decide(FakeRequest.fromProxy().withSessionValue(sealed));
        Decision elsewhere = restartedWithoutKey.decide(FakeRequest.fromProxy().withSessionValue(sealed));

        assertEquals("alice", assertInstanceOf(Decision.Authenticated.class, onB).identity().name());
        assertInstanceOf(Decision.NotAttempted.class, elsewhere);
        assertEquals(UnverifiedSession.NONE, onB.stripped().session());
        assertEquals(UnverifiedSession.OTHER_KEY, elsewhere.stripped().session(),
                "a node without the key file says so, so the operator can tell why its users log in again");
    }

    @Test
    void theSameIdentitySealsToTheSameValueSoAdaptersWriteItOnce() {
        RemoteUserPolicy persistent = policy("mode", "persistent", "groupsHeader", "Remote-Groups");
        FakeRequest first = FakeRequest.fromProxy().header("Remote-User", "alice").header("Remote-Groups", "g1");
        Decision.Authenticated login = (Decision.Authenticated) persistent.decide(first);

        Decision.Authenticated again = (Decision.Authenticated) persistent.decide(FakeRequest.fromProxy()
                .withSessionValue(login.session().sealed()));
        Decision.Authenticated newGroups = (Decision.Authenticated) persistent.decide(FakeRequest.fromProxy()
                .withSessionValue(login.session().sealed()).header("Remote-User", "alice")
                .header("Remote-Groups", "g2"));

        assertEquals(login.session().sealed(), again.session().sealed());
        assertFalse(login.session().sealed().equals(newGroups.session().sealed()),
                "new groups are a new value in the session");
        assertTrue(login.session().sealed().startsWith("v1."));
    }

    @Test
    void aMissingOrShortKeyFileStopsTheStartNamingBoth(@TempDir Path dir) throws Exception {
        Path shortKey = Files.writeString(dir.resolve("short"), "  only-twenty-bytes!!  \n");

        InvalidConfigurationException missing = assertThrows(InvalidConfigurationException.class,
                () -> Policies.config("trustedProxies", "127.0.0.1", "sessionKeyFile", dir.resolve("none").toString()));
        InvalidConfigurationException tooShort = assertThrows(InvalidConfigurationException.class,
                () -> Policies.config("trustedProxies", "127.0.0.1", "sessionKeyFile", shortKey.toString()));

        assertTrue(missing.getMessage().contains("sessionKeyFile: cannot read"), missing.getMessage());
        assertTrue(tooShort.getMessage().contains("must hold at least 32 bytes"), tooShort.getMessage());
        assertFalse(tooShort.getMessage().contains("only-twenty"), "the key is never shown");
    }

    /**
     * Whoever holds a decision (an adapter, or a webapp that reaches it through the container's request) can seal
     * that decision's own identity and no other: nothing it can call takes an identity, so it cannot make a valid
     * session value for the admin and plant it in its session.
     */
    @Test
    void aDecisionSealsItsOwnIdentityAndCannotSealAnother() {
        RemoteUserPolicy persistent = policy("mode", "persistent");
        Decision.Authenticated login = (Decision.Authenticated) persistent.decide(FakeRequest.fromProxy()
                .header("Remote-User", "mallory"));

        for (Object part : List.of(login, login.sealer(), login.session())) {
            for (Method method : part.getClass().getMethods()) {
                boolean inherited = method.getDeclaringClass() == Object.class
                        || method.getName().equals("equals") && method.getParameterCount() == 1;
                boolean takesIdentity = Arrays.stream(method.getParameterTypes())
                        .anyMatch(type -> type.isAssignableFrom(Identity.class));
                assertFalse(!inherited && takesIdentity, part.getClass().getSimpleName() + "." + method.getName()
                        + " could seal an identity the policy never authenticated");
            }
        }
        Decision fromSeal = persistent.decide(FakeRequest.fromProxy().withSessionValue(login.sealed()));
        assertEquals("mallory", assertInstanceOf(Decision.Authenticated.class, fromSeal).identity().name());
    }
}
