package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.fixture.TestPki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.SSLValve;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The pinned proxy certificate counts only from the connection's own TLS handshake. Tomcat's SSLValve copies a
 * certificate from the {@code ssl_client_cert} request header into the request's certificate attribute without any
 * verification, and RemoteIpValve or {@code secure="true"} make {@code isSecure()} true: none of that may log anyone
 * in. The attacker sends the genuine proxy certificate (it is public; the private key is not needed to copy it).
 */
class ProxyCertificateForgeryTest {

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static String forgedHeader;
    private TomcatServer server;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir);
        // one line, the way nginx's $ssl_client_cert arrives after its newlines became spaces
        forgedHeader = "-----BEGIN CERTIFICATE----- "
                + Base64.getEncoder().encodeToString(pki.certificate("proxy").getEncoded())
                + " -----END CERTIFICATE-----";
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** How the container is made to believe the connection is TLS. */
    enum Setup {
        SSL_VALVE_ALONE,
        SSL_VALVE_AND_REMOTE_IP_VALVE,
        SSL_VALVE_ON_A_SECURE_CONNECTOR
    }

    private TomcatServer configured(Setup setup) {
        TomcatServer tomcat = TomcatServer.withOptions("trustedProxyCertificates", "dns:proxy.test",
                "diagnosticsPath", "/app/.remote-user").tls(pki);
        if (setup == Setup.SSL_VALVE_AND_REMOTE_IP_VALVE) {
            RemoteIpValve remoteIp = new RemoteIpValve();
            remoteIp.setProtocolHeader("X-Forwarded-Proto");
            tomcat.before(remoteIp);
        }
        if (setup == Setup.SSL_VALVE_ON_A_SECURE_CONNECTOR) {
            tomcat.plainConnectorSecure();
        }
        return tomcat.before(new SSLValve());
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aCertificateInTheSslValveHeaderOverPlainHttpIsAnonymous(Setup setup) throws Exception {
        server = configured(setup).start();

        Reply forged = server.get("/app/public/x", "ssl_client_cert", forgedHeader, "X-Forwarded-Proto", "https",
                "Remote-User", "admin");
        Reply report = server.get("/app/.remote-user", "ssl_client_cert", forgedHeader, "X-Forwarded-Proto", "https",
                "Remote-User", "admin");

        assertEquals(200, forged.status());
        assertEquals("none", forged.principal());
        assertEquals("null/0", forged.get("header.Remote-User"), "the forged identity is stripped");
        assertTrue(report.body().contains("\"trustedPeer\":false"), report.body());
    }

    @Test
    void aCertificateInTheSslValveHeaderOverAnotherClientsTlsConnectionIsAnonymous() throws Exception {
        server = configured(Setup.SSL_VALVE_ALONE).start();

        Reply forged = server.httpsProbe("stranger").get("/app/public/x", "ssl_client_cert", forgedHeader,
                "Remote-User", "admin");

        assertEquals("none", forged.principal());
    }

    /** httpd forwards the end user's certificate over AJP: it is never the proxy's, whatever name it carries. */
    @Test
    void aCertificateForwardedOverAjpIsNeverTheProxys() throws Exception {
        server = TomcatServer.withOptions("trustedProxyCertificates", "dns:proxy.test").ajp().start();
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(pki.certificate("proxy").getEncoded())
                + "\n-----END CERTIFICATE-----\n";

        String withCertificate = AjpClient.get(server.ajpPort(), "/app/public/x", true, pem, "Remote-User", "admin");
        String control = AjpClient.get(server.ajpPort(), "/app/public/x", true, null);

        assertTrue(control.contains("\"principal\":\"none\""), control);
        assertTrue(withCertificate.contains("\"principal\":\"none\""), withCertificate);
    }

    @Test
    void theGenuinePinnedProxyStillLogsInWithTheValvesPresent() throws Exception {
        server = configured(Setup.SSL_VALVE_AND_REMOTE_IP_VALVE).start();

        Reply genuine = server.httpsProbe("proxy").get("/app/public/x", "Remote-User", "alice");

        assertEquals("alice", genuine.principal());
    }
}
