package dev.remoteuser.jetty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty with one test webapp; the caller installs the authenticator on the built webapp. */
final class JettyServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return new Reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
