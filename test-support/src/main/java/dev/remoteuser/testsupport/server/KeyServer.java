package dev.remoteuser.testsupport.server;

import dev.remoteuser.testsupport.fixture.TestPki;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The integration tests' JWKS endpoint, JDK only: serves a file over HTTPS (the PKI's jwks key pair) at
 * {@code /jwks.json}, read on every request so a test can rotate keys by replacing it, and answers 503 while a file
 * named {@code down} exists next to it (an outage).
 *
 * <p>Usage: {@code KeyServer PORT PKI_DIR JWKS_FILE}
 */
public final class KeyServer {

    private KeyServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        TestPki pki = TestPki.at(Path.of(args[1]));
        Path jwks = Path.of(args[2]);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.keystore("jwks"))) {
            store.load(in, TestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, TestPki.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(port), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/jwks.json", exchange -> {
            try {
                if (Files.exists(jwks.resolveSibling("down"))) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(jwks);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
        System.out.println("key server listening on " + port);
    }
}
