package dev.remoteuser.it;

import dev.remoteuser.testsupport.client.Reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * Real single-sign-on chains. Kerberos: an MIT KDC (realms TEST.REMOTEUSER.DEV and OTHER.REMOTEUSER.DEV with
 * cross-realm trust), Apache httpd with mod_auth_gssapi on /app/login only, and Tomcat 10.1, Tomcat 11 and Jetty 12.1
 * in persistent mode with {@code stripRealm}; a client does kinit and {@code curl --negotiate} once, then uses the
 * session cookie. AJP: httpd mod_proxy_ajp (basic auth) to Tomcat's AJP connector with a secret and
 * {@code tomcatAuthentication="false"}, the valve with {@code identitySource="connector"}.
 */
class SsoChainsIT {

    private static final String REALM = "TEST.REMOTEUSER.DEV";
    /** Kerberos fronts: httpd port to the server behind it. */
    static final Map<Integer, String> KERBEROS = new LinkedHashMap<>();
    /** AJP fronts with the right secret: httpd port to Tomcat version. */
    static final Map<Integer, String> AJP = new LinkedHashMap<>();

    static {
        KERBEROS.put(8201, "tomcat:" + System.getProperty("tomcat.version"));
        KERBEROS.put(8202, "tomcat:" + System.getProperty("tomcat11.version"));
        KERBEROS.put(8203, "jetty:" + System.getProperty("jetty.version"));
        AJP.put(8211, System.getProperty("tomcat.version"));
        AJP.put(8212, System.getProperty("tomcat11.version"));
    }

    private static StartedContainers containers;
    private static Network network;
    private static GenericContainer<?> client;

    private static String alias(int port) {
        return "sso-" + port;
    }

    @BeforeAll
    static void startEverything() throws Exception {
        containers = new StartedContainers();
        network = containers.network();
        GenericContainer<?> kdc = start(new GenericContainer<>(Fixtures.BASE).withNetwork(network)
                .withNetworkAliases("kdc")
                .withCopyFileToContainer(file("krb5.conf"), "/etc/krb5.conf")
                .withCopyFileToContainer(file("kdc.conf"), "/etc/krb5kdc/kdc.conf")
                .withCopyFileToContainer(file("kdc-setup.sh"), "/kdc-setup.sh")
                .withCommand("sh", "/kdc-setup.sh")
                .waitingFor(Wait.forLogMessage(".*commencing operation.*", 1)).withStartupTimeout(Fixtures.STARTUP));
        Path keytab = Fixtures.WORK.resolve("sso/http.keytab");
        java.nio.file.Files.createDirectories(keytab.getParent());
        kdc.copyFileFromContainer("/keytabs/http.keytab", keytab.toString());

        StringBuilder sites = new StringBuilder(Fixtures.resource("httpd-sites.conf"));
        StringBuilder ports = new StringBuilder();
        KERBEROS.keySet().forEach(port -> sites.append("Use KerberosFront ").append(port).append(' ')
                .append(alias(port)).append('\n'));
        AJP.keySet().forEach(port -> {
            sites.append("Use AjpFront ").append(port).append(' ').append(alias(port)).append(" ajp-secret\n");
            sites.append("Use AjpFront ").append(port + 10).append(' ').append(alias(port)).append(" wrong-secret\n");
        });
        for (int port : KERBEROS.keySet()) {
            ports.append("Listen ").append(port).append('\n');
        }
        for (int port : AJP.keySet()) {
            ports.append("Listen ").append(port).append("\nListen ").append(port + 10).append('\n');
        }
        GenericContainer<?> httpd = new GenericContainer<>(Fixtures.BASE).withNetwork(network)
                .withNetworkAliases("httpd")
                .withCopyFileToContainer(file("krb5.conf"), "/etc/krb5.conf")
                .withCopyFileToContainer(MountableFile.forHostPath(keytab, 0644), "/etc/apache2/http.keytab")
                .withCopyFileToContainer(MountableFile.forHostPath(Fixtures.write(
                        Fixtures.WORK.resolve("sso/sites.conf"), sites.toString())),
                        "/etc/apache2/sites-enabled/000-default.conf")
                .withCopyFileToContainer(MountableFile.forHostPath(Fixtures.write(
                        Fixtures.WORK.resolve("sso/ports.conf"), ports.toString())), "/etc/apache2/ports.conf")
                .withCommand("sh", "-c", ". /etc/apache2/envvars"
                        + " && mkdir -p \"$APACHE_RUN_DIR\" \"$APACHE_LOCK_DIR\" \"$APACHE_LOG_DIR\""
                        + " && a2enmod -q macro auth_gssapi proxy proxy_http proxy_ajp headers >/dev/null"
                        + " && htpasswd -bc /etc/apache2/htpasswd alice alice-pw 2>/dev/null"
                        + " && exec apache2 -DFOREGROUND")
                .waitingFor(Wait.forListeningPort()).withStartupTimeout(Fixtures.STARTUP);
        KERBEROS.keySet().forEach(httpd::addExposedPort);
        start(httpd);
        String front = Fixtures.address(httpd);

        String[][] kerberosOptions = {{"trustedProxies", front}, {"mode", "persistent"}, {"stripRealm", REALM},
            {"headerPaths", "/app/login"}, {"logoutPath", "/app/logout"}};
        for (Map.Entry<Integer, String> server : KERBEROS.entrySet()) {
            String[] kind = server.getValue().split(":");
            start(kind[0].equals("tomcat")
                    ? Fixtures.tomcat(network, alias(server.getKey()), kind[1], kerberosOptions, "")
                    : Fixtures.jetty(network, alias(server.getKey()), kind[1], kerberosOptions));
        }
        String[][] ajpOptions = {{"trustedProxies", front}, {"identitySource", "connector"},
            {"groupsHeader", "Remote-Groups"}, {"userStore", "realm"}};
        String ajpConnector = "<Connector protocol=\"AJP/1.3\" address=\"0.0.0.0\" port=\"8009\""
                + " secret=\"ajp-secret\" secretRequired=\"true\" tomcatAuthentication=\"false\"/>";
        for (Map.Entry<Integer, String> server : AJP.entrySet()) {
            start(Fixtures.tomcat(network, alias(server.getKey()), server.getValue(), ajpOptions, ajpConnector));
        }
        client = start(new GenericContainer<>(Fixtures.BASE).withNetwork(network).withNetworkAliases("client")
                .withCopyFileToContainer(file("krb5.conf"), "/etc/krb5.conf")
                .withCommand("sleep", "infinity"));
    }

    private static MountableFile file(String resource) {
        return MountableFile.forHostPath(Fixtures.write(Fixtures.WORK.resolve("sso/" + resource),
                Fixtures.resource(resource)));
    }

    private static GenericContainer<?> start(GenericContainer<?> container) {
        return containers.start(container);
    }

    @AfterAll
    static void stopEverything() {
        if (containers != null) {
            containers.close();
        }
    }

    static List<Integer> kerberosFronts() {
        return new ArrayList<>(KERBEROS.keySet());
    }

    static List<Integer> ajpFronts() {
        return new ArrayList<>(AJP.keySet());
    }

    /** Runs a shell command in the client container and parses curl's output. */
    private static Reply client(String script) throws Exception {
        Container.ExecResult result = client.execInContainer("sh", "-c", script);
        assertEquals(0, result.getExitCode(), result.getStdout() + result.getStderr());
        return Reply.fromCurl(result.getStdout());
    }

    /** kinit as this principal, then one curl --negotiate to /app/login through httpd. */
    private static Reply kerberosLogin(int port, String principal, String password) throws Exception {
        return client("kdestroy -q 2>/dev/null; echo " + password + " | kinit " + principal + " >/dev/null"
                + " && curl -s -i --max-time 10 --negotiate -u : http://httpd:" + port + "/app/login"
                + "; kdestroy -q");
    }

    private static Reply get(String url, String... headers) throws Exception {
        StringBuilder script = new StringBuilder("curl -s -i --max-time 10");
        for (int i = 0; i < headers.length; i += 2) {
            script.append(" -H '").append(headers[i]).append(": ").append(headers[i + 1]).append('\'');
        }
        return client(script.append(' ').append(url).toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerberosFronts")
    void kerberosLoginGivesTheBareUserAndTheSessionCarriesItWithoutKerberos(int port) throws Exception {
        Reply login = kerberosLogin(port, "alice@" + REALM, "alice-pw");

        Reply later = get("http://httpd:" + port + "/app/public/x", "Cookie", login.cookie());

        assertEquals(200, login.status(), login.body());
        assertEquals("alice", login.principal(), "realm stripped");
        assertEquals("alice", later.principal(), "the session keeps the user on pages without Kerberos");
        assertEquals("REMOTE_USER", later.get("authType"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerberosFronts")
    void aTicketFromAForeignRealmIsRefused(int port) throws Exception {
        Reply login = kerberosLogin(port, "mallory@OTHER.REMOTEUSER.DEV", "mallory-pw");

        assertEquals(403, login.status(), login.body());
        assertFalse(login.setCookie().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerberosFronts")
    void logoutEndsTheSession(int port) throws Exception {
        Reply login = kerberosLogin(port, "alice@" + REALM, "alice-pw");

        get("http://httpd:" + port + "/app/logout", "Cookie", login.cookie());
        Reply after = get("http://httpd:" + port + "/app/public/x", "Cookie", login.cookie());

        assertEquals("alice", login.principal());
        assertEquals("none", after.principal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerberosFronts")
    void forgedHeadersLogNobodyIn(int port) throws Exception {
        Reply otherLocation = get("http://httpd:" + port + "/app/public/x", "Remote-User", "alice@" + REALM,
                "Remote_User", "alice");
        Reply loginWithoutTicket = get("http://httpd:" + port + "/app/login", "Remote-User", "alice@" + REALM);
        Reply direct = get("http://" + alias(port) + ":8080/app/login", "Remote-User", "alice@" + REALM);

        assertEquals("none", otherLocation.principal());
        assertEquals("null/0", otherLocation.get("header.Remote_User"));
        assertEquals(401, loginWithoutTicket.status(), "httpd asks for Negotiate");
        assertEquals("none", direct.principal(), "a direct request is not from the trusted httpd");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ajpFronts")
    void ajpDeliversTheUserAndTheValveAddsRoles(int port) throws Exception {
        Reply reply = client("curl -s -i --max-time 10 -u alice:alice-pw -H 'Remote-User: admin'"
                + " http://httpd:" + port + "/app/public/x");

        assertEquals(200, reply.status(), reply.body());
        assertEquals("alice", reply.principal());
        assertEquals("REMOTE_USER", reply.get("authType"));
        assertTrue(reply.inRole("staff"), "role from httpd's groups header");
        assertTrue(reply.inRole("manager"), "role from tomcat-users.xml");
        assertEquals("null/0", reply.get("header.Remote-User"), "the user header means nothing over AJP");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ajpFronts")
    void ajpWithoutTheRightSecretIsRefusedByTheConnector(int port) throws Exception {
        Reply reply = client("curl -s -i --max-time 10 -u alice:alice-pw http://httpd:" + (port + 10)
                + "/app/public/x");

        assertEquals(403, reply.status(), reply.body());
    }
}
