package dev.remoteuser.demo.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/** The Spring Boot customizer of docs/embedding.md, applied to Boot's own Tomcat factory and started. */
class SpringBootCustomizerTest {

    @Test
    void bootsEmbeddedTomcatSeesTheUserAndRoles() throws Exception {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new RemoteUserTomcatCustomizer().customize(factory);
        WebServer server = factory.getWebServer(context -> context.addServlet("who", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().print(request.getRemoteUser() + " admin=" + request.isUserInRole("admin"));
            }
        }).addMapping("/*"));
        server.start();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/"))
                    .header("Remote-User", "alice").header("Remote-Groups", "admins").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode());
            assertEquals("alice admin=true", response.body());
            assertTrue(factory.getEngineValves().stream().anyMatch(v -> v.getClass().getSimpleName()
                    .equals("RemoteUserValve")));
        } finally {
            server.stop();
        }
    }
}
