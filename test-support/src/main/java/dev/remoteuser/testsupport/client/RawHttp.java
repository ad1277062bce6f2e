package dev.remoteuser.testsupport.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 on a bare socket: the request goes out byte for byte (nothing normalises, folds or drops a header on the
 * way), and every response that comes back is split out, so a smuggled second request shows as a second reply.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Writes {@code request} on a new connection and reads until the server closes it or {@code timeoutMillis} pass
     * without a byte.
     *
     * @return every complete response, in order (empty when the server closed without answering)
     */
    public static List<Reply> exchange(String host, int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // the server kept the connection open (or reset it): what arrived is the answer
            }
            return replies(received.toByteArray());
        }
    }

    /** Text with CRLF line ends as ISO-8859-1 bytes: each char one byte, as a raw client would send. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Splits a stream of responses (Content-Length or chunked bodies; a body without either runs to the end). */
    public static List<Reply> replies(byte[] raw) {
        List<Reply> replies = new ArrayList<>();
        int at = 0;
        while (at < raw.length) {
            int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at);
            if (headEnd < 0) {
                break;
            }
            String head = new String(raw, at, headEnd - at, StandardCharsets.ISO_8859_1);
            int bodyStart = headEnd + 4;
            String lowerHead = head.toLowerCase(Locale.ROOT);
            String body;
            int next;
            if (lowerHead.contains("\ntransfer-encoding: chunked")) {
                ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                int p = bodyStart;
                while (true) {
                    int lineEnd = indexOf(raw, new byte[] {'\r', '\n'}, p);
                    if (lineEnd < 0) {
                        p = raw.length;
                        break;
                    }
                    String sizeText = new String(raw, p, lineEnd - p, StandardCharsets.ISO_8859_1).split(";")[0]
                            .trim();
                    int size = Integer.parseInt(sizeText, 16);
                    p = lineEnd + 2;
                    if (size == 0) {
                        int trailerEnd = indexOf(raw, "\r\n".getBytes(StandardCharsets.ISO_8859_1), p);
                        p = trailerEnd < 0 ? raw.length : trailerEnd + 2;
                        break;
                    }
                    decoded.write(raw, p, Math.min(size, raw.length - p));
                    p += size + 2;
                }
                body = decoded.toString(StandardCharsets.UTF_8);
                next = p;
            } else {
                int length = contentLength(lowerHead);
                boolean noBody = head.startsWith("HTTP/1.1 304") || head.startsWith("HTTP/1.1 204");
                int end = noBody ? bodyStart : length >= 0 ? Math.min(raw.length, bodyStart + length) : raw.length;
                body = new String(raw, bodyStart, end - bodyStart, StandardCharsets.UTF_8);
                next = end;
            }
            replies.add(Reply.fromCurl(head + "\r\n\r\n" + body));
            at = next;
        }
        return replies;
    }

    /**
     * Whether {@code raw} holds at least one whole response: its head and a body complete by its Content-Length, or
     * by the last chunk of a chunked body (no trailers); a 204 or 304 has none.
     */
    public static boolean isComplete(byte[] raw) {
        int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (headEnd < 0) {
            return false;
        }
        String lowerHead = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int bodyStart = headEnd + 4;
        int length = contentLength(lowerHead);
        if (length >= 0) {
            return raw.length >= bodyStart + length;
        }
        if (lowerHead.contains("\ntransfer-encoding: chunked")) {
            byte[] lastChunk = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            return indexOf(raw, "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headEnd) >= 0
                    || indexOf(raw, lastChunk, bodyStart) == bodyStart;
        }
        return lowerHead.startsWith("http/1.1 204") || lowerHead.startsWith("http/1.1 304");
    }

    private static int contentLength(String lowerHead) {
        for (String line : lowerHead.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
