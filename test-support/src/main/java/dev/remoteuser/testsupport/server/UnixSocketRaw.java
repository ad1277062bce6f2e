package dev.remoteuser.testsupport.server;

import dev.remoteuser.testsupport.client.RawHttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link RawHttp} over a Unix-domain socket, run inside a server's container (a peer with no IP address):
 * {@code java -cp test-support.jar dev.remoteuser.testsupport.server.UnixSocketRaw SOCKET REQUEST_BASE64} writes the request
 * byte for byte and prints, base64, what came back until the server closed the connection or 5 s passed.
 */
public final class UnixSocketRaw {

    private UnixSocketRaw() {
    }

    public static void main(String[] args) throws IOException {
        byte[] request = Base64.getDecoder().decode(args[1]);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "unix-socket-timeout");
            thread.setDaemon(true);
            return thread;
        });
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
            timer.schedule(() -> {
                channel.close();
                return null;
            }, 5, TimeUnit.SECONDS);
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteBuffer in = ByteBuffer.allocate(8192);
            for (int n; (n = channel.read(in)) > 0; in.clear()) {
                received.write(in.array(), 0, n);
            }
        } catch (AsynchronousCloseException timedOut) {
            // what arrived within the time is the answer
        } finally {
            timer.shutdownNow();
        }
        System.out.print(Base64.getEncoder().encodeToString(received.toByteArray()));
    }
}
