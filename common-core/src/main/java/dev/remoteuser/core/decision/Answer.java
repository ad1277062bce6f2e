package dev.remoteuser.core.decision;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A response the core gives itself, the webapp never running: a refusal, the diagnostics report or the logout
 * redirect. The adapter sends exactly this status, these headers and this body, and nothing else: no error page
 * (which could create a session), no session, no cookie. Both adapters write the same bytes.
 *
 * @param status  the HTTP status
 * @param headers header names to values, in the order to send them; always {@code Cache-Control: no-store}
 * @param body    the body, sent as UTF-8; empty for a redirect
 */
public record Answer(int status, Map<String, String> headers, String body) {

    public Answer {
        Objects.requireNonNull(body, "body");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A refusal: the status and the reason code as plain text ({@code 400 DUPLICATE_HEADER}), a challenge on 401. */
    static Answer refusal(Reason reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Content-Type", "text/plain;charset=UTF-8");
        if (reason.status() == 401) {
            headers.put("WWW-Authenticate", "RemoteUser");
        }
        return new Answer(reason.status(), headers, reason.status() + " " + reason.name() + "\n");
    }

    /** The diagnostics report as JSON. */
    static Answer report(String json) {
        return new Answer(200, Map.of("Cache-Control", "no-store", "Content-Type", "application/json;charset=UTF-8"),
                json + "\n");
    }

    /** The redirect after {@code logoutPath}. */
    static Answer redirect(String location) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        headers.put("Location", location);
        return new Answer(302, headers, "");
    }

    /** The body as the bytes to send. */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
