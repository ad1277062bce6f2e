package dev.remoteuser.tomcat;

import dev.remoteuser.testsupport.client.HttpProbe;
import dev.remoteuser.testsupport.client.Reply;
import dev.remoteuser.testsupport.contract.AdapterScenarios;
import dev.remoteuser.testsupport.fixture.TestPki;

/** The shared scenario table on embedded Tomcat, the valve at Engine level. */
class TomcatScenariosTest extends AdapterScenarios {

    @Override
    protected Running start(TestPki pki, String... options) throws Exception {
        TomcatServer tomcat = TomcatServer.withOptions(options);
        if (pki != null) {
            tomcat.tls(pki);
        }
        return running(tomcat.start());
    }

    @Override
    protected Running startWithLogin(String loginMethod, String... options) throws Exception {
        return running(TomcatServer.withOptions(options).login(loginMethod).start());
    }

    private static Running running(TomcatServer tomcat) {
        return new Running() {
            @Override
            public Reply get(String pathAndQuery, String... headers) throws Exception {
                return tomcat.get(pathAndQuery, headers);
            }

            @Override
            public HttpProbe https(String keyPair) throws Exception {
                return tomcat.httpsProbe(keyPair);
            }

            @Override
            public int port() {
                return tomcat.port();
            }

            @Override
            public long sessionsCreated() {
                return tomcat.sessionsCreated();
            }

            @Override
            public void close() throws Exception {
                tomcat.close();
            }
        };
    }
}
