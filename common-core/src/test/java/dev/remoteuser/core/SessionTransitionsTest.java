package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Identity;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.SessionPlan;

import static dev.remoteuser.core.Policies.identity;
import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who is logged in after each request, and what happens to the session, in both modes. Columns: mode, the session
 * before the request ({@code none}, {@code foreign} = a session we did not log anyone into, or the remembered user),
 * the user header ({@code -} = absent), then the expected outcome and session action.
 */
class SessionTransitionsTest {

    @ParameterizedTest(name = "{0}: session={1}, header={2} -> {3} {4}")
    @CsvSource(delimiter = '|', value = {
        // first login never reuses a session id
        "per-request | none    | alice | alice          | NONE",
        "per-request | foreign | alice | alice          | RENEW_ID",
        "persistent  | none    | alice | alice          | NONE",
        "persistent  | foreign | alice | alice          | RENEW_ID",
        // the same user again keeps the session
        "per-request | alice   | alice | alice          | NONE",
        "persistent  | alice   | alice | alice          | NONE",
        // a different user replaces the session
        "per-request | alice   | bob   | bob            | REPLACE",
        "persistent  | alice   | bob   | bob            | REPLACE",
        // the header goes away
        "per-request | alice   | -     | logout         | -",
        "persistent  | alice   | -     | alice(session) | NONE",
        "per-request | foreign | -     | anonymous      | -",
        "persistent  | foreign | -     | anonymous      | -",
        "per-request | none    | -     | anonymous      | -",
        "persistent  | none    | -     | anonymous      | -",
    })
    void sessionTransitions(String mode, String session, String header, String expected, String action) {
        FakeRequest request = FakeRequest.fromProxy();
        if (session.equals("foreign")) {
            request.withSession();
        } else if (!session.equals("none")) {
            request.withSession(identity(session));
        }
        if (!header.equals("-")) {
            request.header("Remote-User", header);
        }

        Decision decision = policy("mode", mode).decide(request);

        switch (expected) {
            case "logout" -> assertEquals(new Decision.NotAttempted(SessionPlan.FORGET, Set.of()), decision);
            case "anonymous" -> assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of()), decision);
            default -> {
                Decision.Authenticated authenticated = assertInstanceOf(Decision.Authenticated.class, decision);
                boolean fromSession = expected.endsWith("(session)");
                assertEquals(expected.replace("(session)", ""), authenticated.identity().name());
                assertEquals(fromSession ? Decision.Source.SESSION : Decision.Source.HEADER, authenticated.source());
                SessionPlan.Existing existing = switch (action) {
                    case "NONE" -> SessionPlan.Existing.KEEP;
                    case "RENEW_ID" -> SessionPlan.Existing.RENEW_ID;
                    default -> SessionPlan.Existing.INVALIDATE;
                };
                assertEquals(existing, authenticated.session().existing());
                assertEquals(mode.equals("persistent") ? SessionPlan.Remember.NOW
                        : SessionPlan.Remember.WHEN_THE_WEBAPP_ASKS, authenticated.session().remember());
            }
        }
    }

    /** Every kind of decision carries the one session plan its adapter carries out. */
    @ParameterizedTest(name = "{0}: session={1}, header={2} -> {3} / {4}")
    @CsvSource(delimiter = '|', value = {
        "per-request | none    | alice  | KEEP       | WHEN_THE_WEBAPP_ASKS",
        "per-request | foreign | alice  | RENEW_ID   | WHEN_THE_WEBAPP_ASKS",
        "per-request | alice   | bob    | INVALIDATE | WHEN_THE_WEBAPP_ASKS",
        "persistent  | none    | alice  | KEEP       | NOW",
        "persistent  | alice   | bob    | INVALIDATE | NOW",
        "persistent  | alice   | -      | KEEP       | NOW",
        "per-request | alice   | -      | INVALIDATE | NEVER",
        "per-request | foreign | -      | KEEP       | NEVER",
        "per-request | alice   | dup    | KEEP       | NEVER",
    })
    void eachDecisionCarriesItsSessionPlan(String mode, String session, String header, SessionPlan.Existing existing,
            SessionPlan.Remember remember) {
        FakeRequest request = FakeRequest.fromProxy();
        if (session.equals("foreign")) {
            request.withSession();
        } else if (!session.equals("none")) {
            request.withSession(identity(session));
        }
        if (header.equals("dup")) {
            request.header("Remote-User", "bob").header("Remote-User", "bob");
        } else if (!header.equals("-")) {
            request.header("Remote-User", header);
        }

        Decision decision = policy("mode", mode).decide(request);

        assertEquals(existing, decision.session().existing());
        assertEquals(remember, decision.session().remember());
        assertEquals(decision instanceof Decision.Authenticated authenticated ? authenticated.identity() : null,
                decision.session().identity(), "the identity to remember is the one authenticated");
    }

    @Test
    void logoutForgetsAndReportsLeaveSessionsAlone() {
        RemoteUserPolicy policy = policy("logoutPath", "/logout", "diagnosticsPath", "/.remote-user");

        assertEquals(SessionPlan.FORGET, policy.decide(FakeRequest.fromProxy().path("/logout")
                .withSession(identity("alice"))).session());
        assertEquals(SessionPlan.UNTOUCHED, policy.decide(FakeRequest.fromProxy().path("/.remote-user")
                .withSession(identity("alice")).header("Remote-User", "bob")).session());
    }

    @Test
    void persistentSessionKeepsTheRememberedIdentityWithItsRoles() {
        Identity remembered = identity("alice", "admin");

        Decision decision = policy("mode", "persistent").decide(FakeRequest.fromProxy().withSession(remembered));

        assertEquals(remembered, ((Decision.Authenticated) decision).identity());
    }

    @Test
    void persistentSessionPicksUpNewGroupsWhenTheHeaderComesAgain() {
        RemoteUserPolicy policy = policy("mode", "persistent", "groupsHeader", "Remote-Groups");
        FakeRequest request = FakeRequest.fromProxy().withSession(identity("alice", "staff"))
                .header("Remote-User", "alice").header("Remote-Groups", "admins");

        Decision.Authenticated decision = (Decision.Authenticated) policy.decide(request);

        assertEquals(Set.of("admins"), decision.identity().roles());
        assertEquals(SessionPlan.Existing.KEEP, decision.session().existing());
    }

    @Test
    void userSwitchIsDecidedByExactName() {
        Decision.Authenticated decision = (Decision.Authenticated) policy().decide(
                FakeRequest.fromProxy().withSession(identity("alice")).header("Remote-User", "Alice"));

        assertEquals(SessionPlan.Existing.INVALIDATE, decision.session().existing());
    }

    @Test
    void persistentModeOutsideHeaderPathsKeepsTheSessionUserAndStripsTheHeader() {
        RemoteUserPolicy policy = policy("mode", "persistent", "headerPaths", "/login");
        FakeRequest request = FakeRequest.fromProxy().path("/app").withSession(identity("alice"))
                .header("Remote-User", "mallory");

        Decision.Authenticated decision = (Decision.Authenticated) policy.decide(request);

        assertEquals("alice", decision.identity().name());
        assertEquals(Set.of("Remote-User"), decision.headersToRemove());
    }

    @Test
    void perRequestModeOutsideHeaderPathsIsAnonymousButKeepsTheSession() {
        RemoteUserPolicy policy = policy("headerPaths", "/api");
        FakeRequest request = FakeRequest.fromProxy().path("/ui").withSession(identity("alice"));

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of()), policy.decide(request));
    }

    @Test
    void aRefusedRequestNeverAsksForASessionChange() {
        for (String mode : new String[] {"per-request", "persistent"}) {
            Decision decision = policy("mode", mode).decide(FakeRequest.fromProxy().withSession(identity("alice"))
                    .header("Remote-User", "bob").header("Remote-User", "bob"));

            Decision.Rejected rejected = assertInstanceOf(Decision.Rejected.class, decision);
            assertEquals(Reason.DUPLICATE_HEADER, rejected.reason());
            assertTrue(rejected.headersToRemove().contains("Remote-User"));
        }
    }

    @Test
    void requireHeaderDoesNotEndAPersistentSession() {
        Decision decision = policy("mode", "persistent", "requireHeader", "true")
                .decide(FakeRequest.fromProxy().withSession(identity("alice")));

        assertFalse(decision instanceof Decision.Rejected);
    }
}
