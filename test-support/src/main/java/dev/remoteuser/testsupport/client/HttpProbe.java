package dev.remoteuser.testsupport.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends test requests with exactly the header fields given (repeat a name for a duplicate), never following redirects. */
public final class HttpProbe {

    private final HttpClient http;
    private final String base;

    /** A probe for {@code http://host:port}. */
    public HttpProbe(String host, int port) {
        this.base = "http://" + host + ":" + port;
        this.http = client().build();
    }

    /** A probe for {@code https://host:port} with this TLS context (client certificate and trust). */
    public HttpProbe(String host, int port, javax.net.ssl.SSLContext tls) {
        this.base = "https://" + host + ":" + port;
        this.http = client().sslContext(tls).build();
    }

    private static HttpClient.Builder client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
    }

    /** A GET with these headers: alternating names and values. */
    public Reply get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        return send(request(pathAndQuery, headers).GET());
    }

    /** A form POST with these headers: alternating names and values. */
    public Reply postForm(String pathAndQuery, String form, String... headers)
            throws IOException, InterruptedException {
        return send(request(pathAndQuery, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder request(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return new Reply(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }
}
