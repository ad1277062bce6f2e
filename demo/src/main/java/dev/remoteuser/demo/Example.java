package dev.remoteuser.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing to try against the demo: the request (as a curl line), and what the answer must show. The demo test
 * sends exactly these requests, so the printed instructions cannot drift from what the demo does.
 *
 * @param title         what the example shows
 * @param port          the server's port
 * @param path          the request path
 * @param headers       header lines in order, as sent ({@code Name: value}); a name may repeat
 * @param sourceAddress the local address to send from: 127.0.0.1 (trusted) or 127.0.0.2 (not trusted)
 * @param status        the expected HTTP status
 * @param shows         text the answer must contain
 * @param expectation   what to look for, in words
 */
public record Example(String title, int port, String path, List<String> headers, String sourceAddress, int status,
                      List<String> shows, String expectation) {

    static List<Example> all(int port) {
        List<Example> examples = new ArrayList<>();
        examples.add(new Example("a user", port, "/", List.of("Remote-User: alice"), "127.0.0.1", 200,
                List.of("user: alice", "auth type: REMOTE_USER", "isUserInRole(admin): no"),
                "user: alice, not in role admin"));
        examples.add(new Example("a user with groups: admins maps to the role admin, so /admin/ opens", port,
                "/admin/", List.of("Remote-User: bob", "Remote-Groups: admins,staff"), "127.0.0.1", 200,
                List.of("user: bob", "isUserInRole(admin): yes", "isUserInRole(staff): yes"),
                "200, user: bob, in roles admin and staff"));
        examples.add(new Example("without the admins group /admin/ is forbidden", port, "/admin/",
                List.of("Remote-User: alice", "Remote-Groups: staff"), "127.0.0.1", 403, List.of(),
                "HTTP 403"));
        examples.add(new Example("a forged header from an address the plugin does not trust", port, "/",
                List.of("Remote-User: admin"), "127.0.0.2", 200,
                List.of("user: (anonymous)", "Remote-User header seen by the app: (none)"),
                "anonymous, and the webapp never sees the forged header"));
        examples.add(new Example("a lookalike header (underscore instead of dash)", port, "/",
                List.of("Remote_User: admin"), "127.0.0.1", 200,
                List.of("user: (anonymous)", "Remote_User header seen by the app: (none)"),
                "anonymous; Remote_User is removed, never read as Remote-User"));
        examples.add(new Example("a lookalike that disagrees with the real header", port, "/",
                List.of("Remote-User: alice", "Remote_User: admin"), "127.0.0.1", 400, List.of("LOOKALIKE_CONFLICT"),
                "HTTP 400 LOOKALIKE_CONFLICT"));
        examples.add(new Example("the user header twice", port, "/",
                List.of("Remote-User: alice", "Remote-User: admin"), "127.0.0.1", 400, List.of("DUPLICATE_HEADER"),
                "HTTP 400 DUPLICATE_HEADER"));
        examples.add(new Example("what the plugin decided, for operators (diagnosticsPath)", port, "/.remote-user",
                List.of("Remote-User: alice", "Remote-Groups: staff"), "127.0.0.1", 200,
                List.of("\"trustedPeer\":true", "\"user\":\"alice\"", "\"roles\":[\"staff\"]"),
                "JSON: trustedPeer true, user alice, roles [staff]"));
        return examples;
    }

    /** The request as a curl command line. */
    public String curl() {
        StringBuilder curl = new StringBuilder("curl -s");
        if (status != 200) {
            curl.append(" -i");
        }
        if (!"127.0.0.1".equals(sourceAddress)) {
            curl.append(" --interface ").append(sourceAddress);
        }
        for (String header : headers) {
            curl.append(" -H '").append(header).append('\'');
        }
        return curl.append(" http://127.0.0.1:").append(port).append(path).toString();
    }
}
