package dev.remoteuser.core;

import dev.remoteuser.core.decision.Decision;
import dev.remoteuser.core.decision.Reason;
import dev.remoteuser.core.request.RequestView;

import static dev.remoteuser.core.Policies.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailClosedTest {

    /** A trusted request whose header look-up breaks, as a buggy or hostile adapter view might. */
    private static class BrokenRequest extends FakeRequest {
        private final RuntimeException failure;

        BrokenRequest(RuntimeException failure) {
            super("127.0.0.1");
            header("Remote-User", "alice");
            this.failure = failure;
        }

        @Override
        public List<String> headerValues(String name) {
            throw failure;
        }

        @Override
        public String headerValue(int index) {
            throw failure;
        }
    }

    @Test
    void anUnexpectedExceptionBecomesAnInternalErrorRejection() {
        Decision decision = policy("groupsHeader", "Remote-Groups")
                .decide(new BrokenRequest(new IllegalStateException("boom")));

        Decision.Rejected rejected = (Decision.Rejected) decision;
        assertEquals(Reason.INTERNAL_ERROR, rejected.reason());
        assertEquals(Set.of("Remote-User", "Remote-Groups"), rejected.headersToRemove());
        assertEquals(500, rejected.status());
    }

    /**
     * The operator gets the cause: the exception's type in the log line, and the exception itself with its stack
     * trace to log beside it, its message escaped (a message may quote a header value with a line break in it).
     */
    @Test
    void anInternalErrorKeepsItsCauseAndStackTraceWithTheMessageEscaped() {
        IllegalStateException boom = new IllegalStateException("bad value \r\nINFO forged line",
                new IllegalArgumentException("inner\u0007"));

        Decision.Rejected rejected = (Decision.Rejected) policy().decide(new BrokenRequest(boom));

        assertEquals("unexpected java.lang.IllegalStateException", rejected.cause().orElseThrow());
        Throwable logged = rejected.failure().orElseThrow();
        assertEquals("java.lang.IllegalStateException: bad value \\x0D\\x0AINFO forged line", logged.getMessage());
        assertEquals(List.of(boom.getStackTrace()), List.of(logged.getStackTrace()));
        assertEquals("java.lang.IllegalArgumentException: inner\\x07", logged.getCause().getMessage());
        java.io.StringWriter trace = new java.io.StringWriter();
        logged.printStackTrace(new java.io.PrintWriter(trace));
        assertEquals(-1, trace.toString().indexOf('\r'), "no raw carriage return reaches the log");
        assertEquals(1, trace.toString().lines().filter(line -> line.contains("INFO forged")).count());
    }

    @Test
    void aNullHeaderValueIsAFailureNotAnAbsentHeader() {
        RequestView nullHeaders = new BrokenRequest(null) {
            @Override
            public List<String> headerValues(String name) {
                return null;
            }

            @Override
            public String headerValue(int index) {
                return null;
            }
        };

        Decision decision = policy().decide(nullHeaders);

        assertEquals(Reason.INTERNAL_ERROR, ((Decision.Rejected) decision).reason());
    }
}
