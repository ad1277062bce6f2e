package dev.remoteuser.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad configuration stops a real Jetty (jetty-home 12.1 and 12.0, jetty-base made as README.md says, started with
 * {@code java -jar start.jar} on this machine) with a non-zero exit and the problem list, one problem per line,
 * before any webapp starts: in the module installation (start.d/remote-user-auth.ini, the command line) and in a
 * hand-written Jetty XML. Each case has its valid twin, which starts, so a failure here is the check and nothing else.
 */
class JettyStartupIT {

    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String STARTED = "Started oejs.Server@";

    /** How a start.jar run ended: its exit code, or {@code null} when the server started (and was then stopped). */
    record Run(Integer exit, String output) {
        boolean started() {
            return exit == null;
        }
    }

    static Stream<Arguments> versions() {
        return Stream.of(System.getProperty("jetty.version"), System.getProperty("jetty120.version"))
                .map(Arguments::of);
    }

    /**
     * A {@code remoteuser.*} property that is not an option stops the server, wherever start.jar reads it from. The
     * wrong-case case is the one start.jar made dangerous: it keeps one value per name regardless of case, so the
     * wrong-case line took the right one's place and trust silently fell back to the default.
     */
    static Stream<Arguments> propertiesThatAreNotOptions() {
        String valid = "remoteuser.trustedProxies=127.0.0.1";
        List<Arguments> cases = new ArrayList<>();
        for (String version : List.of(System.getProperty("jetty.version"), System.getProperty("jetty120.version"))) {
            cases.add(Arguments.of(version, "misspelt in the ini", List.of(valid,
                    "remoteuser.groupHeader=Remote-Groups"), List.of(), "remoteuser.groupHeader"
                    + " (start.d/remote-user-auth.ini): not an option (did you mean 'remoteuser.groupsHeader'?)"));
            cases.add(Arguments.of(version, "wrong case beside the right one", List.of(valid,
                    "remoteuser.trustedproxies=10.0.0.0/8"), List.of(), "remoteuser.trustedproxies"
                    + " (start.d/remote-user-auth.ini): not an option (did you mean 'remoteuser.trustedProxies'?);"
                    + " start.jar ignores case in property names"));
            cases.add(Arguments.of(version, "misspelt on the command line", List.of(valid),
                    List.of("remoteuser.usrHeader=X-User"), "remoteuser.usrHeader (the command line): not an option"
                    + " (did you mean 'remoteuser.userHeader'?)"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "Jetty {0}: {1}")
    @MethodSource("propertiesThatAreNotOptions")
    void aPropertyThatIsNotAnOptionStopsTheServerNamingTheOptionItResembles(String version, String name,
            List<String> iniLines, List<String> arguments, String problem) throws Exception {
        Path base = moduleBase(version, "not-an-option", iniLines.get(0));
        Run valid = start(version, base);
        base = moduleBase(version, "not-an-option", iniLines.toArray(new String[0]));
        Run invalid = start(version, base, arguments.toArray(new String[0]));

        assertTrue(valid.started(), "without it the server starts: " + valid.output());
        assertFailed(invalid, problem);
    }

    @ParameterizedTest(name = "Jetty {0}")
    @MethodSource("versions")
    void invalidValuesInTheIniStopTheServerWithEveryProblemOnItsOwnLine(String version) throws Exception {
        Run run = start(version, moduleBase(version, "invalid", "remoteuser.trustedProxies=0.0.0.0/0",
                "remoteuser.mode=sometimes"));

        assertFailed(run, "remote-user-auth: invalid configuration (2 problems)");
        assertTrue(run.output().lines().anyMatch(line -> line.startsWith("  - trustedProxies: ")), run.output());
        assertTrue(run.output().lines().anyMatch(line -> line.startsWith("  - mode: ")), run.output());
    }

    /** Jetty XML written by hand (no module, no check call): the Server's start checks its settings bean. */
    @ParameterizedTest(name = "Jetty {0}")
    @MethodSource("versions")
    void invalidOptionsInAHandWrittenJettyXmlStopTheServer(String version) throws Exception {
        Run valid = start(version, xmlBase(version, "127.0.0.1", "per-request"));
        Run invalid = start(version, xmlBase(version, "0.0.0.0/0", "sometimes"));

        assertTrue(valid.started(), valid.output());
        assertTrue(valid.output().contains("remote-user-auth: "), "the webapp's authenticator ran: "
                + valid.output());
        assertFailed(invalid, "remote-user-auth: invalid configuration (2 problems)");
        assertTrue(invalid.output().lines().anyMatch(line -> line.startsWith("  - trustedProxies: ")),
                invalid.output());
    }

    private static void assertFailed(Run run, String expected) {
        assertFalse(run.started(), "the server started: " + run.output());
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains(expected), "expected '" + expected + "' in: " + run.output());
        assertFalse(run.output().contains("Started oejsh.ContextHandler") || run.output().contains(
                "Started oeje10w.WebAppContext"), "no webapp starts: " + run.output());
    }

    /** A jetty-base with the module, the test webapp, and these lines as start.d/remote-user-auth.ini's options. */
    private static Path moduleBase(String version, String name, String... iniLines) throws Exception {
        Path base = Fixtures.jettyBase("startup-" + name + "-" + version, version, new String[0][], "demo-realm",
                Map.of(), "", List.of(iniLines));
        Files.copy(Fixtures.war(), base.resolve("webapps/app.war"));
        return base;
    }

    /**
     * A jetty-base without the module's ini and XML: a module of its own puts our jar on the class path and applies
     * a hand-written XML that adds the settings bean to the Server, the way README.md's Jetty XML section shows.
     */
    private static Path xmlBase(String version, String trustedProxies, String mode) throws Exception {
        Path base = moduleBase(version, "xml-" + trustedProxies.replace('/', '_'));
        Files.delete(base.resolve("start.d/remote-user-auth.ini"));
        Fixtures.write(base.resolve("modules/own-remote-user.mod"), """
                [depend]
                server
                security

                [lib]
                lib/remote-user-auth/*.jar

                [xml]
                etc/own-remote-user.xml
                """);
        Fixtures.write(base.resolve("etc/own-remote-user.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure id="Server" class="org.eclipse.jetty.server.Server">
                  <Call name="addBean">
                    <Arg>
                      <New class="dev.remoteuser.jetty.RemoteUserSettings">
                        <Set name="trustedProxies">%s</Set>
                        <Set name="mode">%s</Set>
                      </New>
                    </Arg>
                  </Call>
                </Configure>
                """.formatted(trustedProxies, mode));
        Fixtures.write(base.resolve("start.d/own-remote-user.ini"), "--modules=own-remote-user\n");
        return base;
    }

    /**
     * Runs start.jar on this jetty-base, on a free loopback port, until it exits or logs that the Server started
     * (then stops it).
     */
    private static Run start(String version, Path base, String... arguments)
            throws IOException, InterruptedException {
        Path home = Fixtures.DIST.resolve("jetty-home-" + version);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "jetty.http.host=127.0.0.1", "jetty.http.port=0"));
        command.addAll(List.of(arguments));
        Path log = base.resolve("start.log");
        Process process = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return new Run(process.exitValue(), Files.readString(log));
                }
                String output = Files.readString(log);
                if (output.contains(STARTED)) {
                    return new Run(null, output);
                }
            }
            throw new AssertionError("start.jar neither started nor exited within " + LIMIT + ": "
                    + Files.readString(log));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
