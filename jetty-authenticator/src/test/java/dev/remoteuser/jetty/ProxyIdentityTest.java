package dev.remoteuser.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.remoteuser.testsupport.Reply;
import dev.remoteuser.testsupport.TestPki;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS connector that requires client certificates, a pinned proxy certificate, and a shared-secret header. */
class ProxyIdentityTest {

    private static final String SECRET = "s3cret-0123456789abcdef";
    private JettyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void onlyThePinnedProxyCertificateMayAssertAnIdentity(@TempDir Path dir) throws Exception {
        server = new JettyServer(Webapps.available().get(0), null).tls(TestPki.create(dir)).start(webapp -> webapp
                .security().setAuthenticator(new RemoteUserAuthenticator(Map.of("trustedProxyCertificates",
                        "dns:proxy.test"))));

        Reply proxy = server.httpsProbe("proxy").get("/app/public/x", "Remote-User", "alice");
        Reply stranger = server.httpsProbe("stranger").get("/app/public/x", "Remote-User", "alice");
        Reply plain = server.get("/app/public/x", "Remote-User", "alice");

        assertEquals("alice", proxy.principal());
        assertEquals("none", stranger.principal(), "verified by the connector, but not the pinned name");
        assertEquals("null/0", stranger.get("header.Remote-User"));
        assertEquals("none", plain.principal(), "no certificate at all");
    }

    @Test
    void theSharedSecretIsCheckedAndNeverReachesTheWebapp() throws Exception {
        server = new JettyServer(Webapps.available().get(0), null).start(webapp -> webapp.security()
                .setAuthenticator(new RemoteUserAuthenticator(Map.of("trustedProxies", "127.0.0.1",
                        "proxySecretHeader", "X-Proxy-Secret", "proxySecret", SECRET))));

        Reply good = server.get("/app/public/x", "X-Proxy-Secret", SECRET, "Remote-User", "alice");
        Reply wrong = server.get("/app/public/x", "X-Proxy-Secret", "wrong-secret-0123456", "Remote-User", "alice");

        assertEquals("alice", good.principal());
        assertFalse(good.get("headerNames").toLowerCase(Locale.ROOT).contains("secret"), good.get("headerNames"));
        assertEquals("none", wrong.principal());
        assertFalse(wrong.get("headerNames").toLowerCase(Locale.ROOT).contains("secret"));
    }
}
