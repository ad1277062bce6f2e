package dev.remoteuser.jetty;

/** The shared scenario table on an ee10 webapp. */
class Ee10ScenariosTest extends JettyScenarios {
    @Override
    Webapps webapps() {
        return new Ee10Webapps();
    }
}
