package dev.remoteuser.jetty;

import dev.remoteuser.testsupport.client.HttpProbe;
import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.contract.AdapterScenarios;
import dev.remoteuser.testsupport.fixture.TestPki;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.session.AbstractSessionManager;

/** The shared scenario table on embedded Jetty, the authenticator installed in code; one subclass per EE. */
abstract class JettyScenarios extends AdapterScenarios {

    /** The EE environment's webapp builder. */
    abstract Webapps webapps();

    @Override
    protected Running start(TestPki pki, String... options) throws Exception {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        JettyServer jetty = new JettyServer(webapps(), null);
        if (pki != null) {
            jetty.tls(pki);
        }
        jetty.start(webapp -> webapp.security().setAuthenticator(new RemoteUserAuthenticator(map)));
        return running(jetty);
    }

    /** The factory, as the jetty-base module installs it, keeps the webapp's login method as the fallback. */
    @Override
    protected Running startWithLogin(String loginMethod, String... options) throws Exception {
        RemoteUserSettings settings = new RemoteUserSettings();
        for (int i = 0; i < options.length; i += 2) {
            settings.setOption(options[i], options[i + 1]);
        }
        JettyServer jetty = new JettyServer(webapps(), loginMethod);
        jetty.start(webapp -> webapp.security().setAuthenticatorFactory(new RemoteUserAuthenticatorFactory(settings)));
        return running(jetty);
    }

    private static Running running(JettyServer jetty) {
        return new Running() {
            @Override
            public Reply get(String pathAndQuery, String... headers) throws Exception {
                return jetty.get(pathAndQuery, headers);
            }

            @Override
            public HttpProbe https(String keyPair) throws Exception {
                return jetty.httpsProbe(keyPair);
            }

            @Override
            public int port() {
                return jetty.port();
            }

            @Override
            public long sessionsCreated() {
                return jetty.server().getContainedBeans(AbstractSessionManager.class).stream()
                        .mapToLong(AbstractSessionManager::getSessionsCreated).sum();
            }

            @Override
            public void close() throws Exception {
                jetty.close();
            }
        };
    }
}
