package dev.remoteuser.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Builds the containers from what Maven fetched: the Tomcat and Jetty distributions with our plugin installed the
 * way README.md tells operators, nginx as the authenticating proxy, and a plain client.
 */
final class Fixtures {

    static final DockerImageName BASE = DockerImageName.parse(System.getProperty("it.base.image"));
    static final Path DIST = Path.of(System.getProperty("it.dist"));
    static final Path ARTIFACTS = Path.of(System.getProperty("it.artifacts"));
    static final Path WORK = Path.of(System.getProperty("it.work"));
    static final Duration STARTUP = Duration.ofMinutes(3);

    private Fixtures() {
    }

    static String resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/it/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test webapp as a WAR: WEB-INF/web.xml and the report servlet's jar in WEB-INF/lib. */
    static Path war() throws IOException {
        return war(false);
    }

    /**
     * The test webapp as a WAR; {@code distributable} adds {@code <distributable/>} to its web.xml, which Tomcat's
     * cluster managers need before they replicate its sessions.
     */
    static Path war(boolean distributable) throws IOException {
        Path war = WORK.resolve(distributable ? "app-distributable.war" : "app.war");
        Files.createDirectories(WORK);
        String webXml = resource("web.xml");
        if (distributable) {
            webXml = webXml.replace("</web-app>", "  <distributable/>\n</web-app>");
        }
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(war))) {
            out.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            out.write(webXml.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            out.putNextEntry(new ZipEntry("WEB-INF/lib/remote-user-auth-test-support.jar"));
            Files.copy(ARTIFACTS.resolve("remote-user-auth-test-support.jar"), out);
            out.closeEntry();
        }
        return war;
    }

    /** The address a started container has on the test network. */
    static String address(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getIpAddress()).filter(ip -> ip != null && !ip.isEmpty()).findFirst().orElseThrow();
    }

    /**
     * The network's gateway: the address the servers see when this test process connects to a mapped port, so
     * listing it in {@code trustedProxies} makes the test process a trusted peer.
     */
    static String gateway(Network network) {
        return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec()
                .getIpam().getConfig().get(0).getGateway();
    }

    /** A plain container on the network, to send requests from a peer nobody trusts. */
    static GenericContainer<?> client(Network network) {
        return new GenericContainer<>(BASE).withNetwork(network).withNetworkAliases("client")
                .withCommand("sleep", "infinity");
    }

    /**
     * PostgreSQL as {@code db} on the network, with the cluster made on first start (postgres.sh); load users.sql
     * with {@code psql -f /opt/users.sql} once it runs. Its data stays when the container is killed and started again.
     */
    static GenericContainer<?> postgres(Network network) {
        return new GenericContainer<>(BASE).withNetwork(network).withNetworkAliases("db")
                .withCopyToContainer(Transferable.of(resource("postgres.sh")), "/opt/postgres.sh")
                .withCopyToContainer(Transferable.of(resource("users.sql")), "/opt/users.sql")
                .withCommand("sh", "/opt/postgres.sh")
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1))
                .withStartupTimeout(STARTUP);
    }

    /** nginx with basic auth, setting Remote-User and Remote-Groups, one port per server (8101, 8102 ...). */
    static GenericContainer<?> nginx(Network network, List<ServerKind> servers) {
        StringBuilder conf = new StringBuilder("""
                worker_processes 1;
                error_log /dev/stderr warn;
                pid /tmp/nginx.pid;
                events { worker_connections 256; }
                http {
                    access_log off;
                    resolver 127.0.0.11 valid=5s ipv6=off;
                    map $remote_user $remote_groups { default ""; alice "staff,ops"; bob "staff"; }
                """);
        for (int i = 0; i < servers.size(); i++) {
            String backend = servers.get(i).alias() + ":8080";
            conf.append("""
                        server {
                            listen %d;
                            set $backend "%s";
                            # through the proxy: the proxy authenticates, then sets (replacing what the client sent)
                            location / {
                                auth_basic "app";
                                auth_basic_user_file /etc/nginx/htpasswd;
                                proxy_set_header Remote-User $remote_user;
                                proxy_set_header Remote-Groups $remote_groups;
                                proxy_pass http://$backend;
                            }
                            # a misconfigured location that sends the user header twice
                            location /dup/ {
                                auth_basic "app";
                                auth_basic_user_file /etc/nginx/htpasswd;
                                rewrite ^/dup(/.*)$ $1 break;
                                proxy_set_header Remote-User $remote_user;
                                proxy_set_header Remote-User $remote_user;
                                proxy_pass http://$backend;
                            }
                            # no proxy login: the identity headers are removed (an empty value drops them)
                            location /anon/ {
                                rewrite ^/anon(/.*)$ $1 break;
                                proxy_set_header Remote-User "";
                                proxy_set_header Remote-Groups "";
                                proxy_pass http://$backend;
                            }
                        }
                    """.formatted(8101 + i, backend));
        }
        conf.append("}\n");
        GenericContainer<?> nginx = new GenericContainer<>(BASE).withNetwork(network).withNetworkAliases("proxy")
                .withCopyFileToContainer(MountableFile.forHostPath(write(WORK.resolve("nginx/nginx.conf"),
                        conf.toString())), "/etc/nginx/nginx.conf")
                .withCopyFileToContainer(MountableFile.forHostPath(write(WORK.resolve("nginx/htpasswd"),
                        resource("htpasswd"))), "/etc/nginx/htpasswd")
                .withCommand("nginx", "-g", "daemon off;")
                .waitingFor(Wait.forListeningPort()).withStartupTimeout(STARTUP);
        for (int i = 0; i < servers.size(); i++) {
            nginx.addExposedPort(8101 + i);
        }
        return nginx;
    }

    /** The options every server gets, in the order README.md shows them. */
    private static String[][] options(ServerKind kind, String proxyAddress, String store) {
        return new String[][] {
            {"trustedProxies", proxyAddress},
            {"groupsHeader", "Remote-Groups"},
            {"userStore", store},
            {"mode", kind.mode()},
        };
    }

    /** Tomcat from its distribution: our jar in lib/, the Valve in conf/server.xml's Host. */
    static GenericContainer<?> tomcat(Network network, ServerKind kind, String proxyAddress) throws IOException {
        return tomcat(network, kind.alias(), kind.version(), options(kind, proxyAddress, "realm"), "");
    }

    /**
     * Tomcat from its distribution with these valve options; {@code extraConnector} is added after the stock HTTP
     * connector (an AJP connector, say).
     */
    static GenericContainer<?> tomcat(Network network, String alias, String version, String[][] options,
            String extraConnector) throws IOException {
        return tomcat(network, alias, version, options, extraConnector, UnaryOperator.identity());
    }

    /** As above, with the stock server.xml edited first (another Realm, a global resource). */
    static GenericContainer<?> tomcat(Network network, String alias, String version, String[][] options,
            String extraConnector, UnaryOperator<String> serverXmlEdit) throws IOException {
        return tomcat(network, alias, version, options, extraConnector, serverXmlEdit, war());
    }

    /** As above, deploying {@code war} as the app (a distributable one, say). */
    static GenericContainer<?> tomcat(Network network, String alias, String version, String[][] options,
            String extraConnector, UnaryOperator<String> serverXmlEdit, Path war) throws IOException {
        Path home = DIST.resolve("apache-tomcat-" + version);
        String serverXml = serverXmlEdit.apply(Files.readString(home.resolve("conf/server.xml")));
        StringBuilder valve = new StringBuilder("  <Valve className=\"dev.remoteuser.tomcat.RemoteUserValve\"");
        for (String[] option : options) {
            valve.append(' ').append(option[0]).append("=\"").append(option[1]).append('"');
        }
        valve.append("/>\n      </Host>");
        Path conf = WORK.resolve(alias);
        String edited = serverXml.replace("</Host>", valve)
                .replace("<Engine name=\"Catalina\"", extraConnector + "\n    <Engine name=\"Catalina\"");
        Path serverXmlFile = write(conf.resolve("server.xml"), edited);
        return new GenericContainer<>(BASE).withNetwork(network).withNetworkAliases(alias)
                .withCopyFileToContainer(MountableFile.forHostPath(home), "/opt/tomcat")
                .withCopyFileToContainer(MountableFile.forHostPath(serverXmlFile), "/opt/tomcat/conf/server.xml")
                .withCopyFileToContainer(MountableFile.forHostPath(write(conf.resolve("tomcat-users.xml"),
                        resource("tomcat-users.xml"))), "/opt/tomcat/conf/tomcat-users.xml")
                .withCopyFileToContainer(MountableFile.forHostPath(ARTIFACTS.resolve("remote-user-auth-tomcat.jar")),
                        "/opt/tomcat/lib/remote-user-auth-tomcat.jar")
                .withCopyFileToContainer(MountableFile.forHostPath(war), "/opt/tomcat/webapps/app.war")
                .withEnv("CATALINA_OPTS", "-Xmx256m")
                .withCommand("sh", "/opt/tomcat/bin/catalina.sh", "run")
                .withExposedPorts(8080)
                // on 8080: a test may expose a TLS port too, which would answer plain HTTP with 400
                .waitingFor(Wait.forHttp("/app/public/ping").forPort(8080).forStatusCode(200))
                .withStartupTimeout(STARTUP);
    }

    /**
     * Jetty from jetty-home: a jetty-base made with {@code start.jar --add-modules=...,remote-user-auth} after
     * unzipping our jetty-base zip, options in start.d/remote-user-auth.ini, users in the demo-realm file.
     */
    static GenericContainer<?> jetty(Network network, ServerKind kind, String proxyAddress)
            throws IOException, InterruptedException {
        return jetty(network, kind.alias(), kind.version(), options(kind, proxyAddress, "login-service"));
    }

    /** Jetty from jetty-home with these options in start.d/remote-user-auth.ini. */
    static GenericContainer<?> jetty(Network network, String alias, String version, String[][] remoteUserOptions)
            throws IOException, InterruptedException {
        return jetty(network, alias, version, remoteUserOptions, "", List.of());
    }

    /**
     * Jetty from jetty-home with these options in start.d/remote-user-auth.ini, more modules ({@code ",https"}) and
     * more start properties ({@code "jetty.ssl.port=8443"}, added to start.d/remote-user-auth.ini).
     */
    static GenericContainer<?> jetty(Network network, String alias, String version, String[][] remoteUserOptions,
            String extraModules, List<String> extraIni) throws IOException, InterruptedException {
        return jetty(network, alias, version, remoteUserOptions, "demo-realm", Map.of(), extraModules, extraIni);
    }

    /**
     * As above, with the webapp's "Test Realm" from {@code realmModule} ({@code demo-realm}: the users of
     * test-realm.properties) and {@code baseFiles} (path in the jetty-base, file to copy) put in the jetty-base
     * before the modules are added, so a module of the test's own can be among them.
     */
    static GenericContainer<?> jetty(Network network, String alias, String version, String[][] remoteUserOptions,
            String realmModule, Map<String, Path> baseFiles, String extraModules, List<String> extraIni)
            throws IOException, InterruptedException {
        Path home = DIST.resolve("jetty-home-" + version);
        Path base = jettyBase(alias, version, remoteUserOptions, realmModule, baseFiles, extraModules, extraIni);
        return new GenericContainer<>(BASE).withNetwork(network).withNetworkAliases(alias)
                .withCopyFileToContainer(MountableFile.forHostPath(home), "/opt/jetty-home")
                .withCopyFileToContainer(MountableFile.forHostPath(base), "/opt/jetty-base")
                .withCopyFileToContainer(MountableFile.forHostPath(war()), "/opt/jetty-base/webapps/app.war")
                .withWorkingDirectory("/opt/jetty-base")
                .withCommand("java", "-Xmx256m", "-jar", "/opt/jetty-home/start.jar", "jetty.home=/opt/jetty-home",
                        "jetty.base=/opt/jetty-base", "jetty.http.port=8080")
                .withExposedPorts(8080)
                // on 8080: a test may expose a TLS port too, which would answer plain HTTP with 400
                .waitingFor(Wait.forHttp("/app/public/ping").forPort(8080).forStatusCode(200))
                .withStartupTimeout(STARTUP);
    }

    /**
     * A jetty-base in the work folder as README.md makes one: our jetty-base zip unzipped, {@code start.jar
     * --add-modules=http,ee10-deploy,<realmModule>,remote-user-auth<extraModules>} run with this JVM, the ini's
     * option lines replaced by {@code remoteUserOptions} and {@code extraIni} (lines as written, any text), users in the
     * demo-realm file when {@code realmModule} is {@code demo-realm}.
     */
    static Path jettyBase(String alias, String version, String[][] remoteUserOptions, String realmModule,
            Map<String, Path> baseFiles, String extraModules, List<String> extraIni)
            throws IOException, InterruptedException {
        Path home = DIST.resolve("jetty-home-" + version);
        Path base = WORK.resolve(alias);
        deleteTree(base);
        Files.createDirectories(base);
        unzip(ARTIFACTS.resolve("remote-user-auth-jetty-jetty-base.zip"), base);
        for (Map.Entry<String, Path> file : baseFiles.entrySet()) {
            Path target = base.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.copy(file.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home, "jetty.base=" + base,
                "--add-modules=http,ee10-deploy," + realmModule + ",remote-user-auth" + extraModules,
                // modules with a [license] section (Hazelcast's) ask for consent on the console otherwise
                "--approve-all-licenses")
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("add-modules.log").toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("start.jar --add-modules failed: "
                    + Files.readString(base.resolve("add-modules.log")));
        }
        Path ini = base.resolve("start.d/remote-user-auth.ini");
        StringBuilder options = new StringBuilder();
        for (String line : Files.readAllLines(ini)) {
            if (!line.startsWith("remoteuser.")) {
                options.append(line).append('\n');
            }
        }
        for (String[] option : remoteUserOptions) {
            options.append("remoteuser.").append(option[0]).append('=').append(option[1]).append('\n');
        }
        // more properties go into this ini too: Jetty 12.0 ignores a start.d file that names no enabled module
        for (String line : extraIni) {
            options.append(line).append('\n');
        }
        Files.writeString(ini, options.toString());
        if (realmModule.equals("demo-realm")) {
            Files.writeString(base.resolve("start.d/demo-realm.ini"),
                    "--modules=demo-realm\njetty.demo.realm=etc/test-realm.properties\n");
            write(base.resolve("etc/test-realm.properties"), resource("test-realm.properties"));
        }
        return base;
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
