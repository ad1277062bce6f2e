package dev.remoteuser.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Fetches key documents: GET, 5 s to connect and 5 s to read, no redirects, no caches, only a 200 answer, at most
 * 512 KiB. HTTPS uses the JVM's default trust store ({@code javax.net.ssl.trustStore}).
 */
final class HttpFetcher {

    static final int TIMEOUT_MILLIS = 5_000;
    static final int MAX_BYTES = 512 * 1024;

    private HttpFetcher() {
    }

    /** The server answered 404: the document does not exist (as opposed to the server failing). */
    static final class NotFound extends IOException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    static String get(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "application/json, application/x-pem-file, */*");
            int status = connection.getResponseCode();
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                throw new NotFound(uri + " answered 404");
            }
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException(uri + " answered " + status);
            }
            try (InputStream in = connection.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new IOException(uri + " answered more than " + MAX_BYTES + " bytes");
                }
                return new String(body, StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }
}
