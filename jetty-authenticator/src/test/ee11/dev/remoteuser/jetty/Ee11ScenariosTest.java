package dev.remoteuser.jetty;

/** The shared scenario table on an ee11 webapp. */
class Ee11ScenariosTest extends JettyScenarios {
    @Override
    Webapps webapps() {
        return new Ee11Webapps();
    }
}
