package dev.remoteuser.demo.boot;

import dev.remoteuser.tomcat.RemoteUserValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * docs/embedding.md's Spring Boot example, word for word: declare it as a {@code @Bean} (or annotate it with
 * {@code @Component}) and Boot's embedded Tomcat gets the valve in its engine pipeline.
 */
public class RemoteUserTomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        RemoteUserValve valve = new RemoteUserValve();
        valve.setProperty("trustedProxies", "127.0.0.1");
        valve.setProperty("groupsHeader", "Remote-Groups");
        valve.setProperty("roleMapping", "admins=admin");
        factory.addEngineValves(valve);
    }
}
