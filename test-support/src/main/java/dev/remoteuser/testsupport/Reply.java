package dev.remoteuser.testsupport;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A response with the report servlet's {@code key=value} lines parsed. */
public record Reply(int status, Map<String, String> report, HttpResponse<String> raw) {

    public Reply(HttpResponse<String> response) {
        this(response.statusCode(), parse(response.body()), response);
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return lines;
    }

    public String get(String key) {
        return report.get(key);
    }

    public String principal() {
        return report.get("principal");
    }

    public boolean inRole(String role) {
        return Boolean.parseBoolean(report.get("role." + role));
    }

    /** The session id the webapp saw, or "none". */
    public String session() {
        return report.get("session");
    }

    /** The JSESSIONID the response set, if any. */
    public Optional<String> setCookie() {
        return raw.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst();
    }

    /** A Cookie header value for the session this response set. */
    public String cookie() {
        return "JSESSIONID=" + setCookie().orElseThrow(() -> new AssertionError("no session cookie set"));
    }
}
