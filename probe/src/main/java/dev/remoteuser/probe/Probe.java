package dev.remoteuser.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Tests a deployment from the outside: sends forged identity headers (the plain header, lookalike spellings,
 * duplicates, list syntax, unexpanded placeholders, forwarded-address tricks, a forged group) to the plugin's
 * {@code diagnosticsPath} and reports, for each, whether the application accepted it. Run it from where clients
 * are, not from the proxy. Requests are written byte for byte on a socket, so nothing "fixes" them on the way.
 *
 * <p>Usage: {@code java -jar remote-user-auth-probe.jar [--user-header NAME] [--groups-header NAME]
 * [--bind ADDRESS] [--insecure] [--basic USER:PASSWORD] [--cookie NAME=VALUE]... [--header 'NAME: VALUE']... URL}.
 * {@code --basic}, {@code --cookie} and {@code --header} get the probe through a proxy that asks its own login
 * first (a proxy session cookie, a bearer header): they go with every request, beside the forged headers. Exit code
 * 0: nothing got through; 1: a forgery was accepted; 2: the URL is not a diagnostics endpoint (or could not be
 * reached, or the proxy asks for a login), so nothing could be judged.
 */
public final class Probe {

    /** The user name every forgery asserts. */
    static final String FORGED = "probe-forged";

    private final URI url;
    private final String userHeader;
    private final String groupsHeader;
    private final String bind;
    private final boolean insecure;
    /** Header lines that get the probe through the proxy's own login, sent with every request. */
    private final List<String> login;

    Probe(URI url, String userHeader, String groupsHeader, String bind, boolean insecure, List<String> login) {
        this.url = url;
        this.userHeader = userHeader;
        this.groupsHeader = groupsHeader;
        this.bind = bind;
        this.insecure = insecure;
        this.login = List.copyOf(login);
    }

    private static final String USAGE = "usage: java -jar remote-user-auth-probe.jar [--user-header NAME]"
            + " [--groups-header NAME] [--bind ADDRESS] [--insecure] [--basic USER:PASSWORD] [--cookie NAME=VALUE]..."
            + " [--header 'NAME: VALUE']... http(s)://HOST/DIAGNOSTICS_PATH";

    /**
     * One forgery: what it tries and the header lines it sends.
     *
     * @param name    what the case tries
     * @param headers header lines, sent in order and exactly as written
     */
    record Case(String name, List<String> headers) {
    }

    /** The forgeries, for the configured header names. */
    List<Case> cases() {
        String dash = userHeader;
        String underscore = dash.replace('-', '_');
        String dot = dash.replace('-', '.');
        String joined = dash.replace("-", "");
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("the user header", List.of(dash + ": " + FORGED)));
        cases.add(new Case("the user header in lower case", List.of(dash.toLowerCase(Locale.ROOT) + ": " + FORGED)));
        cases.add(new Case("the user header in upper case", List.of(dash.toUpperCase(Locale.ROOT) + ": " + FORGED)));
        cases.add(new Case("underscore lookalike", List.of(underscore + ": " + FORGED)));
        cases.add(new Case("dot lookalike", List.of(dot + ": " + FORGED)));
        cases.add(new Case("no-separator lookalike", List.of(joined + ": " + FORGED)));
        cases.add(new Case("duplicate user headers", List.of(dash + ": " + FORGED, dash + ": " + FORGED + "-2")));
        cases.add(new Case("list syntax", List.of(dash + ": " + FORGED + ", admin")));
        for (String placeholder : List.of("%{REMOTE_USER}e", "(null)", "$remote_user", "{http.auth.user.id}", "-")) {
            cases.add(new Case("placeholder " + placeholder, List.of(dash + ": " + placeholder)));
        }
        cases.add(new Case("X-Forwarded-For from loopback", List.of("X-Forwarded-For: 127.0.0.1",
                dash + ": " + FORGED)));
        cases.add(new Case("Forwarded from loopback", List.of("Forwarded: for=127.0.0.1", dash + ": " + FORGED)));
        cases.add(new Case("X-Real-IP from loopback", List.of("X-Real-IP: 127.0.0.1", dash + ": " + FORGED)));
        cases.add(new Case("hop-by-hop Connection naming the header", List.of("Connection: keep-alive, " + dash,
                dash + ": " + FORGED)));
        if (groupsHeader != null) {
            cases.add(new Case("forged groups", List.of(dash + ": " + FORGED, groupsHeader + ": admin,admins")));
            cases.add(new Case("groups underscore lookalike", List.of(dash + ": " + FORGED,
                    groupsHeader.replace('-', '_') + ": admin")));
        }
        return cases;
    }

    /** What the application answered to one request. */
    record Answer(int status, String body) {
        /**
         * Whether the diagnostics report says the request was authenticated, on the report's own path or, when
         * {@code headerPaths} keeps the headers from counting there, on a path where they do count.
         */
        boolean authenticated() {
            String compact = body.replace(" ", "");
            return status == 200 && (compact.contains("\"decision\":\"authenticated\"")
                    || compact.contains("\"headerPathDecision\":\"authenticated\""));
        }

        private String text(String name) {
            return textField(body, name);
        }

        /** Where the forgery counted: the header path the report judged it on, or empty for the report's path. */
        String acceptedWhere() {
            String compact = body.replace(" ", "");
            return compact.contains("\"decision\":\"authenticated\"") ? "" : " on " + text("headerPath");
        }

        /** A short account of a refusal or of an anonymous answer. */
        String summary() {
            if (status != 200) {
                return "refused (" + status + ")";
            }
            String reason = text("headerPathReason");
            if (reason.isEmpty()) {
                reason = text("reason");
            }
            if (!reason.isEmpty()) {
                return "refused (" + reason + ")";
            }
            return body.contains("\"trustedPeer\":false") ? "ignored (untrusted peer, headers removed)"
                    : "ignored (anonymous)";
        }
    }

    /**
     * The value of a string field of the report (a flat JSON object from the plugin: no escapes in these fields),
     * or empty.
     */
    private static String textField(String body, String name) {
        String key = "\"" + name + "\":\"";
        int start = body.indexOf(key);
        int end = start < 0 ? -1 : body.indexOf('"', start + key.length());
        return end < 0 ? "" : body.substring(start + key.length(), end);
    }

    /**
     * Runs every case and prints one line each.
     *
     * @return the exit code: 0 nothing accepted, 1 a forgery accepted, 2 no diagnostics endpoint
     */
    int run(PrintStream out) {
        Answer baseline;
        try {
            baseline = send(List.of());
        } catch (IOException e) {
            out.println("cannot reach " + url + ": " + e.getMessage());
            return 2;
        }
        if (baseline.status() == 401 || baseline.status() == 407) {
            out.println("the proxy asks for a login (status " + baseline.status() + ") before " + url + " is reached;"
                    + " give the probe a client's credentials with --basic USER:PASSWORD, --cookie NAME=VALUE (the"
                    + " proxy's session cookie) or --header 'NAME: VALUE'");
            return 2;
        }
        if (baseline.status() != 200 || !baseline.body().contains("\"trustedPeer\"")) {
            out.println(url + " is not a remote-user-auth diagnostics endpoint (status " + baseline.status()
                    + "); set diagnosticsPath and give its URL");
            return 2;
        }
        if (baseline.body().contains("\"trustedPeer\":true")) {
            out.println("warning: this address is a trusted peer; run the probe from where clients are");
        }
        String headerPath = textField(baseline.body(), "headerPath");
        if (!headerPath.isEmpty()) {
            out.println("identity headers count only on headerPaths; each forgery is judged as on " + headerPath);
        }
        int accepted = 0;
        for (Case forgery : cases()) {
            String verdict;
            try {
                Answer answer = send(forgery.headers());
                if (answer.authenticated()) {
                    accepted++;
                    verdict = "ACCEPTED" + answer.acceptedWhere();
                } else {
                    verdict = answer.summary();
                }
            } catch (IOException e) {
                verdict = "no answer (" + e.getClass().getSimpleName() + ")";
            }
            out.printf("%-44s %s%n", forgery.name(), verdict);
        }
        out.println(accepted == 0 ? "no forgery was accepted" : accepted + " forgeries were ACCEPTED: the deployment"
                + " trusts identity headers from this client");
        return accepted == 0 ? 0 : 1;
    }

    /** One GET with these header lines, written as they are; the answer read to the end. */
    Answer send(List<String> headers) throws IOException {
        boolean https = "https".equals(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        Socket plain = new Socket();
        if (bind != null) {
            plain.bind(new InetSocketAddress(InetAddress.getByName(bind), 0));
        }
        plain.connect(new InetSocketAddress(url.getHost(), port), 10_000);
        try (Socket socket = https ? tls().createSocket(plain, url.getHost(), port, true) : plain) {
            socket.setSoTimeout(15_000);
            String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(url.getHost()).append(url.getPort() > 0 ? ":" + url.getPort() : "").append("\r\n");
            for (String header : login) {
                request.append(header).append("\r\n");
            }
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("Accept: application/json\r\nConnection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    static Answer parse(byte[] response) throws IOException {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0 || text.length() < 12) {
            throw new IOException("not an HTTP answer");
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        String body = text.substring(end + 4);
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            body = dechunk(body);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), body);
    }

    private static String dechunk(String body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                throw new IOException("bad chunked body");
            }
            String size = body.substring(at, lineEnd).split(";", 2)[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.write(body.substring(lineEnd + 2, lineEnd + 2 + length).getBytes(StandardCharsets.ISO_8859_1));
            at = lineEnd + 2 + length + 2;
        }
    }

    /** The JVM's trust, or with {@code --insecure} none at all (a test deployment with its own certificate). */
    private SSLSocketFactory tls() throws IOException {
        if (!insecure) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context.getSocketFactory();
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** Parses the command line; runs the probe; exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        String userHeader = "Remote-User";
        String groupsHeader = "Remote-Groups";
        String bind = null;
        boolean insecure = false;
        URI url = null;
        List<String> login = new ArrayList<>();
        List<String> cookies = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--help", "-h" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "--user-header" -> userHeader = value(args, ++i);
                    case "--groups-header" -> groupsHeader = value(args, ++i);
                    case "--bind" -> bind = value(args, ++i);
                    case "--insecure" -> insecure = true;
                    case "--basic" -> login.add("Authorization: Basic " + java.util.Base64.getEncoder()
                            .encodeToString(credentials(value(args, ++i)).getBytes(StandardCharsets.UTF_8)));
                    case "--cookie" -> cookies.add(cookie(value(args, ++i)));
                    case "--header" -> login.add(headerLine(value(args, ++i)));
                    default -> {
                        if (args[i].startsWith("-") || url != null) {
                            throw new IllegalArgumentException("unknown argument " + args[i]);
                        }
                        url = URI.create(args[i]);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(USAGE);
            return 2;
        }
        if (url == null || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            out.println(USAGE);
            return 2;
        }
        if (!cookies.isEmpty()) {
            login.add("Cookie: " + String.join("; ", cookies));
        }
        return new Probe(url, userHeader, groupsHeader, bind, insecure, login).run(out);
    }

    private static String value(String[] args, int at) {
        if (at >= args.length) {
            throw new IllegalArgumentException(args[at - 1] + " needs a value");
        }
        return args[at];
    }

    private static String credentials(String value) {
        if (value.indexOf(':') < 1 || !printable(value)) {
            throw new IllegalArgumentException("--basic takes USER:PASSWORD");
        }
        return value;
    }

    private static String cookie(String value) {
        if (value.indexOf('=') < 1 || !printable(value) || value.contains(";")) {
            throw new IllegalArgumentException("--cookie takes NAME=VALUE");
        }
        return value;
    }

    /** A header line the probe may send as given: {@code Name: value}, printable, never a second line. */
    private static String headerLine(String value) {
        int colon = value.indexOf(':');
        if (colon < 1 || !printable(value) || !value.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("--header takes 'NAME: VALUE'");
        }
        return value.substring(0, colon) + ": " + value.substring(colon + 1).strip();
    }

    private static boolean printable(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
