package dev.remoteuser.jwt;

import dev.remoteuser.core.assertion.AssertionVerifier.AssertionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key sources under attack: a flood of forged key ids, and a key server that accepts and never answers. */
class KeyServerAttacksTest {

    private static final URI ALB_BASE = URI.create("https://public-keys.auth.elb.eu-west-1.amazonaws.com");

    /**
     * About 265 forged, ALB-shaped key ids a second for 20 seconds; 5 seconds in, the load balancer starts signing
     * with a new key and real users send it every 100 ms. Simulated time, the real scheduling; 16 fixed seeds, since
     * where a key id lands in the key source's tables depends on its value.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void aGenuineNewAlbKeyIsFetchedWithinTwoSecondsDuringAFloodOfForgedKeyIds(int seed) {
        Random random = new Random(seed);
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        AtomicInteger fetches = new AtomicInteger();
        String genuine = new UUID(random.nextLong(), random.nextLong()).toString();
        PemKeySource keys = new PemKeySource(ALB_BASE, uri -> {
            fetches.incrementAndGet();
            if (uri.toString().endsWith("/" + genuine)) {
                return JwtAssertionVerifierTest.EC.pem();
            }
            throw new HttpFetcher.NotFound(uri + " answered 404");
        }, nanos::get, PemKeySource.MIN_FETCH_INTERVAL);

        long genuineFirstAsked = -1;
        long genuineServedAt = -1;
        int genuineRefusedWith401 = 0;
        for (long millis = 0; millis < 20_000; millis++) {
            nanos.set(1_000_000_000L + millis * 1_000_000L);
            if (millis * 265 / 1_000 != (millis + 1) * 265 / 1_000) { // 265 forged key ids a second
                String forged = new UUID(random.nextLong(), random.nextLong()).toString();
                assertThrows(AssertionException.class, () -> keys.candidates(forged));
            }
            if (millis >= 5_000 && millis % 100 == 0 && genuineServedAt < 0) {
                genuineFirstAsked = genuineFirstAsked < 0 ? millis : genuineFirstAsked;
                try {
                    keys.candidates(genuine);
                    genuineServedAt = millis;
                } catch (AssertionException e) {
                    genuineRefusedWith401 += e.keysUnavailable() ? 0 : 1;
                }
            }
        }

        assertTrue(genuineServedAt >= 0, "the genuine key was never fetched (" + fetches.get() + " fetches)");
        assertTrue(genuineServedAt - genuineFirstAsked <= 2_000,
                "fetched " + (genuineServedAt - genuineFirstAsked) + " ms after first asked");
        assertEquals(0, genuineRefusedWith401, "while waiting, the genuine key is unavailable (503), never bad");
        assertTrue(fetches.get() <= 21, fetches.get() + " fetches in 20 s: at most one a second");
    }

    /** A forged key id the key server does not know is answered 401 at once afterwards, without asking again. */
    @Test
    void aKeyIdTheServerDoesNotKnowIsRefusedWithoutAnotherFetch() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        AtomicInteger fetches = new AtomicInteger();
        PemKeySource keys = new PemKeySource(ALB_BASE, uri -> {
            fetches.incrementAndGet();
            throw new HttpFetcher.NotFound(uri + " answered 404");
        }, nanos::get, PemKeySource.MIN_FETCH_INTERVAL);

        assertFalse(assertThrows(AssertionException.class, () -> keys.candidates("forged-1")).keysUnavailable());
        for (int i = 0; i < 100; i++) {
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
            assertFalse(assertThrows(AssertionException.class, () -> keys.candidates("forged-1")).keysUnavailable());
        }
        assertEquals(1, fetches.get());
    }

    /** Accepts connections, counts them, never answers. */
    private static final class SilentServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> held = new ArrayList<>();
        final Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket client = socket.accept();
                    accepted.incrementAndGet();
                    synchronized (held) {
                        held.add(client);
                    }
                }
            } catch (IOException e) {
                // closed
            }
        });

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket client : held) {
                    client.close();
                }
            }
        }
    }

    /** Twenty requests at once against a hanging key server: each refused with 503 in bounded time, one fetch. */
    private static void assertBoundedAndSingleFetch(SilentServer server, Callable<?> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Long>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    AssertionException e = assertThrows(AssertionException.class, request::call);
                    assertTrue(e.keysUnavailable(), e.getMessage());
                    return System.nanoTime() - start;
                }));
            }
            for (Future<Long> answer : answers) {
                // the bound is the behaviour (a request never waits for the hanging fetch), not a speed target
                long waited = answer.get(30, TimeUnit.SECONDS);
                assertTrue(waited < BackgroundFetch.MAX_WAIT.toNanos() + Duration.ofSeconds(2).toNanos(),
                        "a request waited " + waited / 1_000_000 + " ms");
            }
            assertEquals(1, server.accepted.get(), "one fetch in flight, however many requests wait");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHangingJwksEndpointNeverHoldsRequestsLongerThanTheBoundAndGetsOneConnection() throws Exception {
        try (SilentServer server = new SilentServer()) {
            JwksKeySource keys = new JwksKeySource(server.url("/jwks"), HttpFetcher::get, System::nanoTime,
                    JwksKeySource.REFRESH_AFTER, JwksKeySource.MIN_FETCH_INTERVAL,
                    BackgroundFetch.onDaemonThread(BackgroundFetch.MAX_WAIT));

            assertBoundedAndSingleFetch(server, () -> keys.candidates("k1"));
        }
    }

    @Test
    void aHangingAlbKeyServerNeverHoldsRequestsLongerThanTheBoundAndGetsOneConnection() throws Exception {
        try (SilentServer server = new SilentServer()) {
            PemKeySource keys = new PemKeySource(server.url("/"), HttpFetcher::get, System::nanoTime,
                    PemKeySource.MIN_FETCH_INTERVAL, BackgroundFetch.onDaemonThread(BackgroundFetch.MAX_WAIT));

            assertBoundedAndSingleFetch(server, () -> keys.candidates("f9b2c3d4-0000-4000-8000-000000000001"));
        }
    }
}
