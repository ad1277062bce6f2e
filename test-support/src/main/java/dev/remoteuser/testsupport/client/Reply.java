package dev.remoteuser.testsupport.client;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response, with the report servlet's JSON parsed.
 *
 * @param headers header values by lower-cased name
 */
public record Reply(int status, Map<String, String> report, Map<String, List<String>> headers, String body) {

    /** From Java's HTTP client. */
    public Reply(HttpResponse<String> response) {
        this(response.statusCode(), parse(response.body()), lowerCased(response.headers().map()), response.body());
    }

    /** From the output of {@code curl -s -i} (the last response, when curl printed several). */
    public static Reply fromCurl(String output) {
        String text = output.replace("\r\n", "\n");
        int start = text.lastIndexOf("\nHTTP/");
        if (start >= 0 && !text.startsWith("HTTP/")) {
            text = text.substring(start + 1);
        }
        int end = text.indexOf("\n\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 2);
        String[] lines = head.split("\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
            }
        }
        return new Reply(status, parse(body), headers, body);
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach((name, values) -> result.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(values));
        return result;
    }

    /** The report servlet's JSON, or nothing when the body is something else (an error page, a login page). */
    private static Map<String, String> parse(String body) {
        String text = body.strip();
        if (!text.startsWith("{")) {
            return Map.of();
        }
        try {
            return FlatJson.read(text);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    /** The first value of a response header, if any. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A line of the report. */
    public String get(String key) {
        return report.get(key);
    }

    /** The principal name the webapp saw, or "none". */
    public String principal() {
        return report.get("principal");
    }

    /** The webapp's {@code isUserInRole} answer. */
    public boolean inRole(String role) {
        return Boolean.parseBoolean(report.get("role." + role));
    }

    /** The session id the webapp saw, or "none". */
    public String session() {
        return report.get("session");
    }

    /** The JSESSIONID the response set, if any. */
    public Optional<String> setCookie() {
        return headers.getOrDefault("set-cookie", List.of()).stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring("JSESSIONID=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
                .findFirst();
    }

    /** A Cookie header value for the session this response set. */
    public String cookie() {
        return "JSESSIONID=" + setCookie().orElseThrow(() -> new AssertionError("no session cookie set: " + this));
    }
}
