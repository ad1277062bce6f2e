package dev.remoteuser.testsupport.server;

import dev.remoteuser.testsupport.fixture.TestPki;
import dev.remoteuser.testsupport.fixture.TestTokens;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * The integration tests' authenticating proxy for signed assertions, JDK only: it logs users in with HTTP Basic
 * ({@code alice:alice-pw} in groups staff and ops, {@code bob:bob-pw} in none), mints a 60-second ES256 token per
 * request ({@code iss}, {@code aud}, {@code sub}, {@code email}, {@code groups}), removes whatever assertion the client
 * sent, and forwards GET requests over HTTPS presenting the proxy's client certificate.
 *
 * <p>Usage: {@code SigningProxy PORT BACKEND_URL PKI_DIR KEY_FILE ISSUER AUDIENCE HEADER}
 */
public final class SigningProxy {

    private static final Map<String, List<String>> USERS = Map.of("alice", List.of("staff", "ops"), "bob", List.of());
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "authorization", "content-length",
            "keep-alive", "transfer-encoding", "upgrade", "te");

    private SigningProxy() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String backend = args[1];
        SSLContext tls = TestPki.at(Path.of(args[2])).clientContext("proxy");
        TestTokens.SigningKey key = TestTokens.load(Path.of(args[3]));
        String issuer = args[4];
        String audience = args[5];
        String header = args[6];
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
        server.createContext("/", exchange -> {
            try {
                String user = login(exchange);
                if (user == null) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"proxy\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                Map<String, Object> claims = new java.util.LinkedHashMap<>(
                        TestTokens.claims(issuer, audience, user, 60));
                claims.put("groups", USERS.get(user));
                forward(exchange, URI.create(backend + exchange.getRequestURI()), tls, header, key.sign(claims));
            } catch (IOException | RuntimeException e) {
                e.printStackTrace();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        System.out.println("signing proxy listening on " + port);
    }

    /** The Basic-authenticated user, or null. */
    private static String login(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6)),
                StandardCharsets.UTF_8).split(":", 2);
        return credentials.length == 2 && USERS.containsKey(credentials[0])
                && credentials[1].equals(credentials[0] + "-pw") ? credentials[0] : null;
    }

    private static void forward(HttpExchange exchange, URI target, SSLContext tls, String header, String token)
            throws IOException {
        HttpsURLConnection connection = (HttpsURLConnection) target.toURL().openConnection();
        connection.setSSLSocketFactory(tls.getSocketFactory());
        // The server's certificate is pinned by the trust store; its name is not the container's alias.
        connection.setHostnameVerifier((host, session) -> true);
        connection.setInstanceFollowRedirects(false);
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !lower.equals(header.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> connection.addRequestProperty(name, value));
            }
        });
        connection.setRequestProperty(header, token);
        int status = connection.getResponseCode();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null && !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        InputStream body = status >= HttpURLConnection.HTTP_BAD_REQUEST ? connection.getErrorStream()
                : connection.getInputStream();
        byte[] bytes = body == null ? new byte[0] : body.readAllBytes();
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
