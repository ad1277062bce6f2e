package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.decision.Stripped;
import dev.remoteuser.core.session.SessionSeal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    private final AtomicLong nanos = new AtomicLong();
    private final Decision.Rejected duplicate = new Decision.Rejected(Reason.DUPLICATE_HEADER, Set.of());

    @Test
    void lineNamesReasonStatusPeerAndEscapedPathOnly() {
        AuditLog log = new AuditLog(10, nanos::get);

        assertEquals("remote-user-auth: refused request reason=DUPLICATE_HEADER status=400 peer=10.0.0.9"
                        + " path=\"/app/x\\x0D\\x0AINFO forged\"",
                log.refusalLine(duplicate, "10.0.0.9", "/app/x\r\nINFO forged"));
    }

    @Test
    void rateLimitsAndReportsWhatItLeftOut() {
        AuditLog log = new AuditLog(2, nanos::get);

        log.refusalLine(duplicate, "10.0.0.9", "/");
        log.refusalLine(duplicate, "10.0.0.9", "/");
        assertNull(log.refusalLine(duplicate, "10.0.0.9", "/"));
        assertNull(log.refusalLine(duplicate, "10.0.0.9", "/"));
        nanos.addAndGet(61_000_000_000L);

        assertEquals("remote-user-auth: refused request reason=DUPLICATE_HEADER status=400 peer=10.0.0.9 path=\"/\""
                + " (2 earlier refusals not logged)", log.refusalLine(duplicate, "10.0.0.9", "/"));
    }

    @Test
    void strippedLineNamesPeerPathAndHeaderNamesEscapedNeverValues() {
        AuditLog log = new AuditLog(10, nanos::get);
        RemoteUserPolicy policy = Policies.policy("groupsHeader", "Remote-Groups");
        Decision forged = policy.decide(FakeRequest.from("10.9.9.9").path("/app/x\r\nINFO forged")
                .header("Remote-User", "admin-secret-value").header("Remote-Groups", "admins")
                .header("Remote_User", "lookalike-value"));
        List<String> lines = new ArrayList<>();

        log.stripped(forged, "10.9.9.9", "/app/x\r\nINFO forged", lines::add);

        assertEquals(List.of("remote-user-auth: stripped forged headers peer=10.9.9.9 path=\"/app/x\\x0D\\x0AINFO"
                + " forged\" untrusted=\"Remote-Groups,Remote-User\" lookalikes=\"Remote_User>Remote-User\""),
                lines);
    }

    @Test
    void nothingStrippedIsNoLine() {
        AuditLog log = new AuditLog(10, nanos::get);
        List<String> lines = new ArrayList<>();

        log.stripped(Policies.policy().decide(FakeRequest.fromProxy().header("Remote-User", "alice")), "127.0.0.1",
                "/", lines::add);
        log.stripped(Policies.policy().decide(FakeRequest.from("10.9.9.9")), "10.9.9.9", "/", lines::add);

        assertEquals(List.of(), lines);
    }

    /** Forgeries have their own budget: a flood of them leaves the refusal lines their own. */
    @Test
    void strippedLinesAreRateLimitedApartFromRefusals() {
        AuditLog log = new AuditLog(2, nanos::get);
        Stripped stripped = new Stripped(Set.of("Remote-User"), Map.of());

        log.strippedLine(stripped, "10.9.9.9", "/");
        log.strippedLine(stripped, "10.9.9.9", "/");
        assertNull(log.strippedLine(stripped, "10.9.9.9", "/"));
        assertEquals("remote-user-auth: refused request reason=DUPLICATE_HEADER status=400 peer=10.0.0.9 path=\"/\"",
                log.refusalLine(duplicate, "10.0.0.9", "/"));
        nanos.addAndGet(61_000_000_000L);

        assertEquals("remote-user-auth: stripped forged headers peer=10.9.9.9 path=\"/\" untrusted=\"Remote-User\""
                + " (1 earlier lines not logged)", log.strippedLine(stripped, "10.9.9.9", "/"));
    }

    /** A node that cannot read its sessions says why, once per budget, apart from the forged-header lines. */
    @Test
    void anIgnoredSessionIdentityIsLoggedWithWhatToDoAndItsOwnBudget() {
        AuditLog log = new AuditLog(1, nanos::get);
        RemoteUserPolicy persistent = Policies.policy("mode", "persistent");
        Decision fromAnotherNode = persistent.decide(FakeRequest.fromProxy()
                .withSessionValue(new SessionSeal(Optional.empty()).seal(Policies.identity("alice"))));
        Decision planted = persistent.decide(FakeRequest.fromProxy().header("Remote_User", "x")
                .withSessionValue(Policies.identity("admin")));
        List<String> lines = new ArrayList<>();

        log.stripped(fromAnotherNode, "10.0.0.2", "/app/x\r\n", lines::add);
        log.stripped(fromAnotherNode, "10.0.0.2", "/app/x", lines::add);
        nanos.addAndGet(61_000_000_000L);
        log.stripped(planted, "127.0.0.1", "/app/y", lines::add);

        assertEquals(List.of(
                "remote-user-auth: ignored the session's identity peer=10.0.0.2 path=\"/app/x\\x0D\\x0A\""
                        + " cause=\"does not verify under this node's key: sealed by a node with another"
                        + " sessionKeyFile (or none: then the key is random per start), or forged\"",
                "remote-user-auth: stripped forged headers peer=127.0.0.1 path=\"/app/y\""
                        + " lookalikes=\"Remote_User>Remote-User\"",
                "remote-user-auth: ignored the session's identity peer=127.0.0.1 path=\"/app/y\" cause=\"not a value"
                        + " this plugin sealed (the webapp wrote dev.remoteuser.identity, or another version of the"
                        + " plugin did)\" (1 earlier lines not logged)"), lines);
    }
}
