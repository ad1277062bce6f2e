package dev.remoteuser.jetty;

import dev.remoteuser.testsupport.client.HttpProbe;
import dev.remoteuser.testsupport.client.Reply;

import java.io.IOException;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty with one test webapp; the caller installs the authenticator on the built webapp. */
final class JettyServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Webapps.Built webapp;

    JettyServer(Webapps webapps, String loginMethod) {
        connector.setPort(0);
        server.addConnector(connector);
        webapp = webapps.build(loginMethod);
        server.setHandler(webapp.context());
    }

    private ServerConnector https;
    private dev.remoteuser.testsupport.fixture.TestPki pki;

    /** Adds an HTTPS connector that needs a client certificate trusted by the PKI's server truststore. */
    JettyServer tls(dev.remoteuser.testsupport.fixture.TestPki pki) {
        this.pki = pki;
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStorePath(pki.keystore("server").toString());
        ssl.setKeyStorePassword(dev.remoteuser.testsupport.fixture.TestPki.PASSWORD);
        ssl.setKeyStoreType("PKCS12");
        ssl.setTrustStorePath(pki.truststore("server-trust.p12").toString());
        ssl.setTrustStorePassword(dev.remoteuser.testsupport.fixture.TestPki.PASSWORD);
        ssl.setTrustStoreType("PKCS12");
        ssl.setNeedClientAuth(true);
        org.eclipse.jetty.server.HttpConfiguration config = new org.eclipse.jetty.server.HttpConfiguration();
        config.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
        https = new ServerConnector(server, new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(config));
        https.setPort(0);
        server.addConnector(https);
        return this;
    }

    /** A client of the HTTPS connector presenting this key pair (proxy, stranger, or null for none). */
    HttpProbe httpsProbe(String keyPair) throws Exception {
        return new HttpProbe("localhost", https.getLocalPort(), pki.clientContext(keyPair));
    }

    Server server() {
        return server;
    }

    ServerConnector connector() {
        return connector;
    }

    Webapps.Built webapp() {
        return webapp;
    }

    /** Installs the authenticator (or factory) on the webapp's security handler, then starts. */
    JettyServer start(Consumer<Webapps.Built> install) throws Exception {
        install.accept(webapp);
        server.start();
        return this;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** A GET from loopback with these headers (alternating names and values; repeat a name for duplicates). */
    Reply get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return new HttpProbe("127.0.0.1", port()).get(pathAndQuery, headers);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
