package dev.remoteuser.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A proxy that asks for its own login before the application: without the client's credentials the probe says so
 * (not "no diagnostics endpoint"); with them, given as Basic credentials, a cookie or a header, every request the
 * probe sends carries them. The proxy here is a loopback stand-in that answers an untrusted-peer report once the
 * login is present.
 */
class ProbeLoginTest {

    private static final String REPORT = "{\"peer\":\"127.0.0.1\",\"trustedPeer\":false,\"decision\":\"not-attempted\"}";

    private record Result(int exit, String printed, List<HttpExchangeRecord> requests) {
    }

    private record HttpExchangeRecord(String authorization, String cookie, String token) {
    }

    /** Runs the probe against a stand-in proxy that lets a request through when {@code loggedIn} holds. */
    private static Result probe(int refusal, Predicate<HttpExchangeRecord> loggedIn, String... args)
            throws IOException {
        List<HttpExchangeRecord> requests = Collections.synchronizedList(new ArrayList<>());
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            HttpExchangeRecord seen = new HttpExchangeRecord(header(exchange, "Authorization"),
                    header(exchange, "Cookie"), header(exchange, "X-Proxy-Token"));
            requests.add(seen);
            byte[] body = (loggedIn.test(seen) ? REPORT : "login first").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            // the probe sends a "Connection: keep-alive, ..." forgery; the stand-in closes after every answer
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(loggedIn.test(seen) ? 200 : refusal, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        proxy.start();
        try {
            List<String> all = new ArrayList<>(List.of(args));
            all.add("http://127.0.0.1:" + proxy.getAddress().getPort() + "/.remote-user");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            int exit = Probe.run(all.toArray(new String[0]), new PrintStream(printed, true, StandardCharsets.UTF_8));
            return new Result(exit, printed.toString(StandardCharsets.UTF_8), List.copyOf(requests));
        } finally {
            proxy.stop(0);
        }
    }

    private static String header(HttpExchange exchange, String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {401, 407})
    void aProxyThatAsksForALoginIsReportedAsSuchWithTheHint(int status) throws IOException {
        Result result = probe(status, seen -> false);

        assertEquals(2, result.exit(), result.printed());
        assertTrue(result.printed().contains("the proxy asks for a login (status " + status + ")"), result.printed());
        assertTrue(result.printed().contains("--basic USER:PASSWORD"), result.printed());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--basic  | alice:secret-pw",
        "--cookie | _oauth2_proxy=abc123",
        "--header | X-Proxy-Token: t0ken"})
    void theClientsLoginGoesWithEveryRequest(String option, String value) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret-pw".getBytes(StandardCharsets.UTF_8));
        Predicate<HttpExchangeRecord> loggedIn = seen -> basic.equals(seen.authorization())
                || "_oauth2_proxy=abc123".equals(seen.cookie()) || "t0ken".equals(seen.token());

        Result result = probe(401, loggedIn, option, value);

        assertEquals(0, result.exit(), result.printed());
        assertTrue(result.printed().contains("no forgery was accepted"), result.printed());
        assertTrue(result.requests().size() > 10, "baseline and every forgery: " + result.requests().size());
        assertTrue(result.requests().stream().allMatch(loggedIn), "a request without the login");
    }

    @Test
    void helpExitsZeroAndBadArgumentsExitTwoWithTheUsage() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        assertEquals(0, Probe.run(new String[] {"--help"}, out));
        assertEquals(2, Probe.run(new String[] {"--basic"}, out));
        assertEquals(2, Probe.run(new String[] {"--header", "no colon", "http://127.0.0.1/x"}, out));
        assertEquals(2, Probe.run(new String[] {"--header", "X-A: b\r\nX-Injected: c", "http://127.0.0.1/x"}, out));
        assertEquals(2, Probe.run(new String[] {"--bogus", "http://127.0.0.1/x"}, out));

        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("usage: java -jar remote-user-auth-probe.jar"), text);
        assertTrue(text.contains("--basic needs a value"), text);
        assertTrue(text.contains("unknown argument --bogus"), text);
    }
}
