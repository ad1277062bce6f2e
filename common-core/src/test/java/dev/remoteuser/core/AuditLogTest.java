package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
