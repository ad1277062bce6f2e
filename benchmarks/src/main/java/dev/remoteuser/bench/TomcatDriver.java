package dev.remoteuser.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Valve;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.Adapter;
import org.apache.coyote.OutputBuffer;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Serves whole requests of an embedded Tomcat without the network: each request is what Tomcat's HTTP/1.1 parser
 * hands over (GET /, the header fields as the connector's ISO-8859-1 bytes, peer 127.0.0.1), given to Tomcat's own
 * {@code CoyoteAdapter}: mapping, the engine, host, context and wrapper valves, the filter chain, the load servers'
 * servlet, the response's finish and the recycling. One valve sits on the engine's pipeline, as in the load servers.
 * Not thread-safe: one request at a time.
 */
final class TomcatDriver implements RequestDriver {

    /** The variant as the valve on the engine's pipeline, in front of Tomcat's own valves (null: none). */
    private static Valve valveOf(Variant variant) {
        return switch (variant) {
            case NONE -> null;
            case FLOOR -> new LoadServers.FixedPrincipalValve(false);
            case FLOOR_CALLS -> new LoadServers.FixedPrincipalValve(true);
            case PLUGIN -> LoadServers.valve(LoadServers.OPTIONS);
        };
    }

    private static final byte[] URI = "/".getBytes(StandardCharsets.ISO_8859_1);
    /** Name and value pairs: what wrk sends with the load benchmark's one-user script. */
    private static final byte[][] HEADERS = {
        bytes("Host"), bytes("127.0.0.1:9102"),
        bytes("Remote-User"), bytes("user1"),
        bytes("Remote-Groups"), bytes("g1,g3"),
    };

    private final Tomcat tomcat;
    private final Adapter adapter;
    private final Request request = new Request();
    private final Response response = new Response();
    private final Output output = new Output();

    /** Starts a Tomcat (port 0 on 127.0.0.1, never used) and checks that one request gets the expected answer. */
    TomcatDriver(Variant variant) throws Exception {
        tomcat = LoadServers.startTomcat(0, context -> { }, valveOf(variant));
        adapter = tomcat.getConnector().getProtocolHandler().getAdapter();
        request.setResponse(response);
        response.setOutputBuffer(output);
        output.capture = new StringBuilder();
        serve();
        String body = output.capture.toString();
        output.capture = null;
        if (response.getStatus() != 200 || !body.equals(variant.expectedBody())) {
            close();
            throw new IllegalStateException(variant + " answered " + response.getStatus() + " " + body);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One request, as the HTTP/1.1 processor makes it; answers the bytes the response wrote. */
    @Override
    public long serve() throws Exception {
        request.recycle();
        response.recycle();
        long before = output.written;
        request.scheme().setString("http");
        request.method().setString("GET");
        request.protocol().setString("HTTP/1.1");
        request.requestURI().setBytes(URI, 0, URI.length);
        request.peerAddr().setString("127.0.0.1");
        request.remoteAddr().setString("127.0.0.1");
        MimeHeaders headers = request.getMimeHeaders();
        for (int i = 0; i < HEADERS.length; i += 2) {
            headers.addValue(HEADERS[i], 0, HEADERS[i].length).setBytes(HEADERS[i + 1], 0, HEADERS[i + 1].length);
        }
        adapter.service(request, response);
        return output.written - before;
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    /** Where the response's bytes go, as a socket would take them: counted, and kept only for the first check. */
    private static final class Output implements OutputBuffer {
        private long written;
        private StringBuilder capture;

        @Override
        public int doWrite(ByteBuffer chunk) {
            int length = chunk.remaining();
            if (capture != null) {
                byte[] bytes = new byte[length];
                chunk.get(bytes);
                capture.append(new String(bytes, StandardCharsets.ISO_8859_1));
            } else {
                chunk.position(chunk.limit());
            }
            written += length;
            return length;
        }

        @Override
        public long getBytesWritten() {
            return written;
        }
    }
}
