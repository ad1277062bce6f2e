package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.SessionPlan;
import dev.remoteuser.core.decision.Stripped;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderTrustTest {

    private static final String[] ALL_IDENTITY_HEADERS = {
        "groupsHeader", "Remote-Groups", "attributeHeaders", "email=Remote-Email"};

    @Test
    void untrustedPeerHasEveryIdentityHeaderAndLookalikeStripped() {
        RemoteUserPolicy policy = policy(ALL_IDENTITY_HEADERS);
        FakeRequest request = FakeRequest.from("10.9.9.9")
                .header("Remote-User", "admin")
                .header("Remote-Groups", "admins")
                .header("Remote-Email", "admin@example.com")
                .header("Remote_User", "admin")
                .header("remote.groups", "admins")
                .header("X-Other", "kept");

        Decision decision = policy.decide(request);

        assertInstanceOf(Decision.NotAttempted.class, decision);
        assertEquals(Set.of("Remote-User", "Remote-Groups", "Remote-Email", "Remote_User", "remote.groups"),
                decision.headersToRemove());
    }

    @Test
    void untrustedPeerIsRejectedWhenConfiguredTo() {
        RemoteUserPolicy policy = policy("untrustedHeaders", "reject");

        Decision decision = policy.decide(FakeRequest.from("10.9.9.9").header("Remote-User", "admin"));

        assertEquals(Reason.UNTRUSTED_PEER, ((Decision.Rejected) decision).reason());
        assertEquals(403, ((Decision.Rejected) decision).status());
    }

    @ParameterizedTest(name = "untrusted lookalike {0} alone is rejected in reject mode")
    @ValueSource(strings = {"Remote_User", "REMOTE.USER", "remoteuser", "Remote-User"})
    void rejectModeAlsoCatchesLookalikesAndEmptyValues(String header) {
        Decision decision = policy("untrustedHeaders", "reject")
                .decide(FakeRequest.from("10.9.9.9").header(header, ""));

        assertEquals(Reason.UNTRUSTED_PEER, ((Decision.Rejected) decision).reason());
    }

    @Test
    void untrustedPeerWithoutIdentityHeadersIsNotRejectedInRejectMode() {
        Decision decision = policy("untrustedHeaders", "reject")
                .decide(FakeRequest.from("10.9.9.9").header("Accept", "*/*"));

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of()), decision);
    }

    @Test
    void untrustedPeerNeverGetsTheRememberedSessionUser() {
        RemoteUserPolicy policy = policy("mode", "persistent");
        FakeRequest request = FakeRequest.from("10.9.9.9").withSession(Policies.identity("alice"));

        Decision decision = policy.decide(request);

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of()), decision);
    }

    @ParameterizedTest(name = "trusted lookalike {0} is stripped and not read as identity")
    @ValueSource(strings = {"Remote_User", "remote_user", "Remote.User", "REMOTE_USER", "RemoteUser", "Remote__User"})
    void lookalikeAloneIsStrippedAndNeverReadAsIdentity(String lookalike) {
        Decision decision = policy().decide(FakeRequest.fromProxy().header(lookalike, "admin"));

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of(lookalike),
                new Stripped(Set.of(), Map.of(lookalike, "Remote-User"))), decision);
    }

    @Test
    void lookalikeWithTheSameValueAsTheRealHeaderIsOnlyStripped() {
        Decision decision = policy().decide(FakeRequest.fromProxy()
                .header("Remote-User", "alice").header("Remote_User", "alice"));

        Decision.Authenticated authenticated = assertInstanceOf(Decision.Authenticated.class, decision);
        assertEquals("alice", authenticated.identity().name());
        assertEquals(Set.of("Remote_User"), decision.headersToRemove());
    }

    @ParameterizedTest(name = "lookalike of {0} with another value is 400")
    @ValueSource(strings = {"Remote_User", "Remote_Groups", "Remote.Email"})
    void lookalikeDisagreeingWithTheRealHeaderIsRejected(String lookalike) {
        RemoteUserPolicy policy = policy(ALL_IDENTITY_HEADERS);
        FakeRequest request = FakeRequest.fromProxy()
                .header("Remote-User", "alice")
                .header("Remote-Groups", "staff")
                .header("Remote-Email", "alice@example.com")
                .header(lookalike, "admin");

        Decision decision = policy.decide(request);

        assertEquals(Reason.LOOKALIKE_CONFLICT, ((Decision.Rejected) decision).reason());
        assertEquals(400, ((Decision.Rejected) decision).status());
    }

    @ParameterizedTest(name = "duplicate {0} is 400")
    @ValueSource(strings = {"Remote-User", "Remote-Groups", "Remote-Email"})
    void twoFieldsOfAnIdentityHeaderAreRejectedNeverFirstOrLastWins(String header) {
        RemoteUserPolicy policy = policy(ALL_IDENTITY_HEADERS);
        FakeRequest request = FakeRequest.fromProxy()
                .header("Remote-User", "alice")
                .header("Remote-Groups", "staff")
                .header("Remote-Email", "alice@example.com")
                .header(header.toLowerCase(java.util.Locale.ROOT), "other");

        Decision decision = policy.decide(request);

        assertEquals(Reason.DUPLICATE_HEADER, ((Decision.Rejected) decision).reason());
    }

    @Test
    void duplicateEvenWhenBothValuesAreEqual() {
        Decision decision = policy().decide(FakeRequest.fromProxy()
                .header("Remote-User", "alice").header("Remote-User", "alice"));

        assertEquals(Reason.DUPLICATE_HEADER, ((Decision.Rejected) decision).reason());
    }

    @Test
    void duplicateWithAnEmptyFieldIsStillRejected() {
        Decision decision = policy().decide(FakeRequest.fromProxy()
                .header("Remote-User", "").header("Remote-User", "alice"));

        assertEquals(Reason.DUPLICATE_HEADER, ((Decision.Rejected) decision).reason());
    }

    @Test
    void customUserHeaderIsHonouredAndTheDefaultNameIsNotIdentity() {
        RemoteUserPolicy policy = policy("userHeader", "X-Forwarded-User");

        Decision decision = policy.decide(FakeRequest.fromProxy()
                .header("X-Forwarded-User", "alice").header("Remote-User", "mallory"));

        assertEquals("alice", ((Decision.Authenticated) decision).identity().name());
        assertEquals(Set.of(), decision.headersToRemove());
    }

    @Test
    void emptyUserHeaderMeansNoIdentityAndIsHidden() {
        Decision decision = policy().decide(FakeRequest.fromProxy().header("Remote-User", ""));

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of("Remote-User")), decision);
    }

    @Test
    void trustedRequestWithoutHeaderFallsBackToTheContainersLogin() {
        Decision decision = policy().decide(FakeRequest.fromProxy());

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of()), decision);
    }

    @Test
    void requireHeaderTurnsAMissingHeaderInto401() {
        Decision decision = policy("requireHeader", "true").decide(FakeRequest.fromProxy());

        assertEquals(Reason.MISSING_IDENTITY, ((Decision.Rejected) decision).reason());
        assertEquals(401, ((Decision.Rejected) decision).status());
    }

    @Test
    void requireHeaderDoesNotApplyToUntrustedPeers() {
        Decision decision = policy("requireHeader", "true").decide(FakeRequest.from("10.9.9.9"));

        assertInstanceOf(Decision.NotAttempted.class, decision);
    }

    @ParameterizedTest(name = "path {0} honours the header")
    @ValueSource(strings = {"/app/login", "/app/login/", "/app/login/sso", "/api/v1"})
    void headerPathsHonourTheHeaderOnTheirPrefixes(String path) {
        RemoteUserPolicy policy = policy("headerPaths", "/app/login,/api/");

        Decision decision = policy.decide(FakeRequest.fromProxy().path(path).header("Remote-User", "alice"));

        assertInstanceOf(Decision.Authenticated.class, decision);
    }

    @ParameterizedTest(name = "path {0} strips the header")
    @ValueSource(strings = {"/app/loginx", "/app/logi", "/app", "/api", "/APP/login", "/other/app/login"})
    void headerPathsStripTheHeaderElsewhere(String path) {
        RemoteUserPolicy policy = policy("headerPaths", "/app/login,/api/");

        Decision decision = policy.decide(FakeRequest.fromProxy().path(path).header("Remote-User", "alice"));

        assertEquals(new Decision.NotAttempted(SessionPlan.UNTOUCHED, Set.of("Remote-User")), decision);
    }

    @Test
    void requireHeaderOnlyAppliesOnHeaderPaths() {
        RemoteUserPolicy policy = policy("headerPaths", "/login", "requireHeader", "true");

        assertEquals(Reason.MISSING_IDENTITY,
                ((Decision.Rejected) policy.decide(FakeRequest.fromProxy().path("/login"))).reason());
        assertInstanceOf(Decision.NotAttempted.class, policy.decide(FakeRequest.fromProxy().path("/public")));
    }

    @Test
    void logoutPathLogsOutAndRedirectsEvenWithTheHeaderPresent() {
        RemoteUserPolicy policy = policy("logoutPath", "/app/logout",
                "logoutRedirect", "https://sso.example.com/logout?rd=https%3A%2F%2Fapp.example.com");

        Decision decision = policy.decide(FakeRequest.fromProxy().path("/app/logout")
                .header("Remote-User", "alice").withSession(Policies.identity("alice")));

        Decision.LoggedOut loggedOut = assertInstanceOf(Decision.LoggedOut.class, decision);
        assertEquals(java.util.Optional.of("https://sso.example.com/logout?rd=https%3A%2F%2Fapp.example.com"),
                loggedOut.redirect());
        assertEquals(Set.of("Remote-User"), decision.headersToRemove());
    }

    @Test
    void logoutPathWithoutRedirectPassesTheAnonymousRequestOn() {
        Decision decision = policy("logoutPath", "/logout").decide(FakeRequest.from("10.9.9.9").path("/logout"));

        assertEquals(new Decision.LoggedOut(java.util.Optional.empty(), Set.of()), decision);
    }

    @Test
    void logoutPathIsExactNotAPrefix() {
        Decision decision = policy("logoutPath", "/logout")
                .decide(FakeRequest.fromProxy().path("/logout/more").header("Remote-User", "alice"));

        assertInstanceOf(Decision.Authenticated.class, decision);
    }

    @Test
    void untrustedLogoutWithForgedHeaderInRejectModeIsRejectedFirst() {
        Decision decision = policy("logoutPath", "/logout", "untrustedHeaders", "reject")
                .decide(FakeRequest.from("10.9.9.9").path("/logout").header("Remote-User", "alice"));

        assertEquals(Reason.UNTRUSTED_PEER, ((Decision.Rejected) decision).reason());
    }
}
