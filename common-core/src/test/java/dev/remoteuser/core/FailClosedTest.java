package dev.remoteuser.core;

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
    }

    @Test
    void anUnexpectedExceptionBecomesAnInternalErrorRejection() {
        Decision decision = policy("groupsHeader", "Remote-Groups")
                .decide(new BrokenRequest(new IllegalStateException("boom")));

        assertEquals(new Decision.Rejected(Reason.INTERNAL_ERROR, Set.of("Remote-User", "Remote-Groups")), decision);
        assertEquals(500, ((Decision.Rejected) decision).status());
    }

    @Test
    void aNullHeaderListIsAFailureNotAnAbsentHeader() {
        RequestView nullHeaders = new BrokenRequest(null) {
            @Override
            public List<String> headerValues(String name) {
                return null;
            }
        };

        Decision decision = policy().decide(nullHeaders);

        assertEquals(Reason.INTERNAL_ERROR, ((Decision.Rejected) decision).reason());
    }
}
