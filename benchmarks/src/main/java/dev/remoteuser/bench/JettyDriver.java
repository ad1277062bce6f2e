package dev.remoteuser.bench;

import dev.remoteuser.jetty.RemoteUserAuthenticator;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.security.Authenticator;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Serves whole requests of an embedded Jetty without the network: the bytes wrk sends with the load benchmark's
 * one-user script go to Jetty's own HTTP/1.1 connection on an in-memory end point whose peer is 127.0.0.1, and run
 * there on the calling thread: parsing, the context, the security handler with the variant's authenticator, the
 * load servers' servlet, the response's bytes and the connection's recycling for the next request (keep-alive). Not
 * thread-safe: one request at a time.
 */
final class JettyDriver implements RequestDriver {

    /** One request as wrk sends it with the one-user script (the port is the load servers' Jetty plugin). */
    private static final byte[] REQUEST = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:9106\r\nRemote-User: user1\r\n"
            + "Remote-Groups: g1,g3\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    private final Server server;
    private final PeerEndPoint endPoint;
    private final ByteBuffer request = ByteBuffer.wrap(REQUEST);

    /** Starts a Jetty (no socket) and checks that one request gets the expected answer. */
    JettyDriver(Variant variant) throws Exception {
        server = LoadServers.jettyServer(false, authenticatorOf(variant));
        DirectConnector connector = new DirectConnector(server);
        server.addConnector(connector);
        server.start();
        endPoint = new PeerEndPoint(connector);
        Connection connection = connector.getDefaultConnectionFactory().newConnection(connector, endPoint);
        endPoint.setConnection(connection);
        connector.opened(endPoint);
        connection.onOpen();
        endPoint.addInput(request);
        String answer = BufferUtil.toString(endPoint.getOutput(), StandardCharsets.ISO_8859_1);
        BufferUtil.clear(endPoint.getOutput());
        if (!answer.startsWith("HTTP/1.1 200 ") || !answer.endsWith("\r\n\r\n" + variant.expectedBody())) {
            close();
            throw new IllegalStateException(variant + " answered " + answer);
        }
    }

    /** The variant as the security handler's authenticator (null: no security handler). */
    private static Authenticator authenticatorOf(Variant variant) {
        return switch (variant) {
            case NONE -> null;
            case FLOOR -> new LoadServers.FixedUserAuthenticator(false);
            case FLOOR_CALLS -> new LoadServers.FixedUserAuthenticator(true);
            case PLUGIN -> new RemoteUserAuthenticator(LoadServers.OPTIONS);
        };
    }

    /** One request on the same connection; Jetty serves it before this returns. */
    @Override
    public long serve() {
        request.position(0);
        endPoint.addInput(request);
        ByteBuffer output = endPoint.getOutput();
        int written = output.remaining();
        if (written == 0 || request.hasRemaining()) {
            throw new IllegalStateException("Jetty did not serve the request on the calling thread");
        }
        BufferUtil.clear(output);
        return written;
    }

    @Override
    public void close() throws Exception {
        endPoint.close();
        server.stop();
    }

    /** Jetty's in-memory connector, opening the driver's end point as its own. */
    private static final class DirectConnector extends LocalConnector {
        DirectConnector(Server server) {
            super(server);
        }

        void opened(EndPoint endPoint) {
            onEndPointOpened(endPoint);
        }
    }

    /** An in-memory connection from 127.0.0.1, as the load generator's: the trusted-proxy rules see a real peer. */
    private static final class PeerEndPoint extends ByteArrayEndPoint {
        private static final SocketAddress PEER = address(50_000);
        private static final SocketAddress LOCAL = address(9106);

        PeerEndPoint(LocalConnector connector) {
            // no input yet, output grown as the response needs
            super(connector.getScheduler(), 600_000, null, 4096, true);
        }

        private static SocketAddress address(int port) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return PEER;
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return LOCAL;
        }
    }
}
