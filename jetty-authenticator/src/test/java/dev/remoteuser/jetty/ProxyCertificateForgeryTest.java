package dev.remoteuser.jetty;

import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.fixture.TestPki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned proxy certificate counts only from the connection's own TLS endpoint. A handler in front of the webapp
 * (a header-to-certificate bridge like Tomcat's SSLValve, or the PROXY protocol's TLS fields) can set Jetty's {@code
 * SslSessionData} request attribute and make {@code isSecure()} true; neither may log anyone in.
 */
class ProxyCertificateForgeryTest {

    @TempDir
    Path dir;
    private JettyServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Claims TLS and plants the genuine (public) proxy certificate as the connection's, on every request. */
    private static final class ForgingHandler extends Handler.Wrapper {
        private final X509Certificate planted;

        ForgingHandler(Handler next, X509Certificate planted) {
            super(next);
            this.planted = planted;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.setAttribute(EndPoint.SslSessionData.ATTRIBUTE,
                    EndPoint.SslSessionData.from(null, "forged", "TLS_AES_128_GCM_SHA256",
                            new X509Certificate[] {planted}));
            Request secure = new Request.Wrapper(request) {
                @Override
                public boolean isSecure() {
                    return true;
                }
            };
            return super.handle(secure, response, callback);
        }
    }

    private void start(TestPki pki) throws Exception {
        server = new JettyServer(Webapps.available().get(0), null).tls(pki);
        server.server().setHandler(new ForgingHandler(server.webapp().context(), pki.certificate("proxy")));
        server.start(webapp -> webapp.security().setAuthenticator(new RemoteUserAuthenticator(
                Map.of("trustedProxyCertificates", "dns:proxy.test"))));
    }

    @Test
    void aPlantedCertificateOverPlainHttpIsAnonymous() throws Exception {
        start(TestPki.create(dir));

        Reply forged = server.get("/app/public/x", "Remote-User", "admin");

        assertEquals("none", forged.principal());
        assertEquals("null/0", forged.get("header.Remote-User"));
    }

    @Test
    void aPlantedCertificateOverAnotherClientsTlsConnectionIsAnonymous() throws Exception {
        start(TestPki.create(dir));

        assertEquals("none", server.httpsProbe("stranger").get("/app/public/x", "Remote-User", "admin").principal());
    }

    @Test
    void theGenuinePinnedProxyStillLogsIn() throws Exception {
        start(TestPki.create(dir));

        assertEquals("alice", server.httpsProbe("proxy").get("/app/public/x", "Remote-User", "alice").principal());
    }
}
