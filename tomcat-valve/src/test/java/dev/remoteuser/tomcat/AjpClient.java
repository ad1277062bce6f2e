package dev.remoteuser.tomcat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of AJP/1.3 to send what httpd's mod_proxy_ajp sends for one GET: the request, its headers, the TLS
 * flag and the end user's certificate (the {@code SSL_CLIENT_CERT} attribute), and to read back the body.
 */
final class AjpClient {

    private AjpClient() {
    }

    /**
     * Sends a GET and returns the response body.
     *
     * @param headers alternating names and values
     * @param clientCertPem the end user's certificate as httpd forwards it, or null
     */
    static String get(int port, String uri, boolean isSsl, String clientCertPem, String... headers)
            throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.write(2); // FORWARD_REQUEST
        payload.write(2); // GET
        string(payload, "HTTP/1.1");
        string(payload, uri);
        string(payload, "127.0.0.1");
        string(payload, "localhost");
        string(payload, "localhost");
        int16(payload, 443);
        payload.write(isSsl ? 1 : 0);
        int16(payload, headers.length / 2 + 1);
        string(payload, "Host");
        string(payload, "localhost");
        for (int i = 0; i < headers.length; i += 2) {
            string(payload, headers[i]);
            string(payload, headers[i + 1]);
        }
        if (clientCertPem != null) {
            payload.write(0x07); // SC_A_SSL_CERT
            string(payload, clientCertPem);
        }
        payload.write(0xFF);
        byte[] body = payload.toByteArray();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(0x12);
            packet.write(0x34);
            int16(packet, body.length);
            packet.write(body);
            socket.getOutputStream().write(packet.toByteArray());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder text = new StringBuilder();
            while (true) {
                in.readUnsignedShort(); // 'AB'
                byte[] data = new byte[in.readUnsignedShort()];
                in.readFully(data);
                if (data[0] == 3) { // SEND_BODY_CHUNK
                    int length = ((data[1] & 0xFF) << 8) | (data[2] & 0xFF);
                    text.append(new String(data, 3, length, StandardCharsets.UTF_8));
                } else if (data[0] == 5) { // END_RESPONSE
                    return text.toString();
                }
            }
        }
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        int16(out, bytes.length);
        out.writeBytes(bytes);
        out.write(0);
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value & 0xFF);
    }
}
