package dev.remoteuser.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end: every example it prints, sent as printed (from 127.0.0.2 where the curl line says
 * {@code --interface 127.0.0.2}) to both containers, shows what the instructions promise; and the main class, run as
 * {@code scripts/demo.sh} runs it, prints working curl lines and stops on SIGTERM (what Ctrl-C sends the JVM).
 */
class DemoTest {

    private static Demo demo;

    @BeforeAll
    static void start() throws Exception {
        demo = Demo.start(0, 0);
    }

    @AfterAll
    static void stop() throws Exception {
        demo.close();
    }

    @Test
    void everyPrintedExampleShowsWhatItPromisesOnBothServers() throws IOException {
        List<Example> examples = demo.examples();
        assertEquals(16, examples.size(), "8 examples on each server");
        for (Example example : examples) {
            Answer answer = send(example.port(), example.sourceAddress(), example.path(), example.headers());
            assertEquals(example.status(), answer.status(), example.curl() + "\n" + answer.text());
            assertTrue(!answer.text().toLowerCase(java.util.Locale.ROOT).contains("\nset-cookie:"),
                    example.curl() + " set a cookie (per-request mode creates no session):\n" + answer.text());
            for (String expected : example.shows()) {
                assertTrue(answer.text().contains(expected), example.curl() + " should show " + expected + ":\n"
                        + answer.text());
            }
            assertTrue(demo.instructions().contains(example.curl()), "printed: " + example.curl());
        }
    }

    @Test
    void theMainClassPrintsCurlLinesThatWorkAndStopsOnSigterm() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Demo.class.getName(), "0", "0")
                .redirectErrorStream(true).start();
        try {
            StringBuilder printed = new StringBuilder();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null && !line.startsWith("Ctrl-C stops"); ) {
                printed.append(line).append('\n');
            }
            Matcher first = Pattern.compile("curl -s -H 'Remote-User: alice' http://127.0.0.1:(\\d+)/\n")
                    .matcher(printed);
            assertTrue(first.find(), printed.toString());
            Answer answer = send(Integer.parseInt(first.group(1)), "127.0.0.1", "/", List.of("Remote-User: alice"));
            assertTrue(answer.text().contains("user: alice"), answer.text());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    /** A taken port is one line naming it and exit 1, not a stack trace and curl lines for port -1. */
    @Test
    void aTakenPortIsOneLineNamingItAndExitOne() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Demo.class.getName(), "0",
                    String.valueOf(taken.getLocalPort())).redirectErrorStream(true).start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertEquals(1, process.exitValue(), printed);
            assertEquals("demo: port " + taken.getLocalPort() + " (Jetty) is already in use; stop what holds it or"
                    + " give other ports: ./scripts/demo.sh TOMCAT_PORT JETTY_PORT", printed.strip());
        }
    }

    private record Answer(int status, String text) {
    }

    /** One GET over a raw socket bound to {@code source}, with the header lines exactly as given. */
    private static Answer send(int port, String source, String path, List<String> headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
            headers.forEach(h -> request.append(h).append("\r\n"));
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
