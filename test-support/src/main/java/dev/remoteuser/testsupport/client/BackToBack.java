package dev.remoteuser.testsupport.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Two requests on two connections, the second written the moment the last byte of the first response arrives: what
 * a reverse proxy's pool of upstream connections does all the time. The second connection is open before the first
 * request goes out, so nothing but the write stands between the two. Anything a container does to the first
 * request after its response has gone out races with the second.
 */
public final class BackToBack {

    private BackToBack() {
    }

    /** Both replies of one trial. */
    public record Trial(Reply first, Reply second) {
    }

    /**
     * One trial on {@code host:port}.
     *
     * @param first  the first request's path and headers (alternating names and values)
     * @param second the second request's path and headers, made from the first reply
     */
    public static Trial exchange(String host, int port, String[] first, Function<Reply, String[]> second)
            throws IOException {
        try (Socket one = connect(host, port); Socket two = connect(host, port)) {
            write(one, first);
            Reply firstReply = readOne(one.getInputStream());
            write(two, second.apply(firstReply));
            return new Trial(firstReply, readOne(two.getInputStream()));
        }
    }

    private static Socket connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void write(Socket socket, String[] request) throws IOException {
        StringBuilder text = new StringBuilder("GET ").append(request[0]).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 1; i + 1 < request.length; i += 2) {
            text.append(request[i]).append(": ").append(request[i + 1]).append("\r\n");
        }
        socket.getOutputStream().write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads exactly one response (Content-Length or chunked body) and returns as soon as its last byte is in. */
    private static Reply readOne(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the server closed the connection before a whole response: " + received);
            }
            received.write(buffer, 0, n);
            byte[] raw = received.toByteArray();
            if (RawHttp.isComplete(raw)) {
                return RawHttp.replies(raw).get(0);
            }
        }
    }
}
