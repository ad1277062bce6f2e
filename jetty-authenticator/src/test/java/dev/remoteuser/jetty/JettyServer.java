package dev.remoteuser.jetty;

import dev.remoteuser.testsupport.HttpProbe;
import dev.remoteuser.testsupport.Reply;
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
