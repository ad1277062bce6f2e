package dev.remoteuser.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Fetches key documents: GET, 5 s to connect, 5 s per read and 15 s for the whole body, no redirects, no caches, only a 200 answer, at most
 * 512 KiB. HTTPS uses the JVM's default trust store ({@code javax.net.ssl.trustStore}).
 */
final class HttpFetcher {

    static final int TIMEOUT_MILLIS = 5_000;
    static final int MAX_BYTES = 512 * 1024;
    /** Longest a whole answer may take once its headers are in (a server trickling bytes is cut off): 15 s. */
    static final int TOTAL_MILLIS = 15_000;

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
                java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                long deadline = System.nanoTime() + TOTAL_MILLIS * 1_000_000L;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    body.write(buffer, 0, n);
                    if (body.size() > MAX_BYTES) {
                        throw new IOException(uri + " answered more than " + MAX_BYTES + " bytes");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new IOException(uri + " took more than " + TOTAL_MILLIS + " ms to answer");
                    }
                }
                return body.toString(StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }
}
