package dev.remoteuser.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which start properties stop Jetty's startup, and what the problem says. */
class StartPropertiesTest {

    @TempDir
    Path base;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "remoteuser.trustedProxies=10.0.0.5 |",
        "remoteuser.trustedProxies+=,10.0.0.6 |",
        "remoteuser.mode?=persistent |",
        "'  remoteuser.mode=persistent' |",
        "# remoteuser.trustedProxie=10.0.0.5 |",
        "--module=remote-user-auth |",
        "jetty.http.port=8080 |",
        "remoteuser.trustedProxie=10.0.0.5 | remoteuser.trustedProxie (start.d/x.ini): not an option (did you mean"
            + " 'remoteuser.trustedProxies'?)",
        "remoteuser.trustedProxie?=10.0.0.5 | remoteuser.trustedProxie (start.d/x.ini): not an option (did you mean"
            + " 'remoteuser.trustedProxies'?)",
        "remoteUser.mode=persistent | remoteUser.mode (start.d/x.ini): not an option (did you mean"
            + " 'remoteuser.mode'?); start.jar ignores case in property names, so this line also replaces the value"
            + " of remoteuser.mode wherever both are set",
        "remoteuser.MODE=persistent | remoteuser.MODE (start.d/x.ini): not an option (did you mean"
            + " 'remoteuser.mode'?); start.jar ignores case in property names, so this line also replaces the value"
            + " of remoteuser.mode wherever both are set",
        "remoteuser.somethingElse=1 | remoteuser.somethingElse (start.d/x.ini): not an option",
    })
    void aLineInAStartDIniIsAProblemOnlyWhenItSetsAPropertyThatIsNotAnOption(String line, String problem)
            throws Exception {
        Files.createDirectories(base.resolve("start.d"));
        Files.writeString(base.resolve("start.d/x.ini"), line + "\n");

        List<String> problems = StartProperties.problems(StartProperties.find(base, List.of()));

        assertEquals(problem == null ? List.of() : List.of(problem), problems);
    }

    @Test
    void startIniTheCommandLineAndStartJarsPropertiesFileAreReadAndANameIsReportedOnce() throws Exception {
        Files.writeString(base.resolve("start.ini"), "remoteuser.usrHeader=X\n");
        Path forked = Files.writeString(base.resolve("start_1.properties"),
                "remoteuser.usrHeader=X\nremoteuser.grupsHeader=G\nremoteuser.mode=persistent\n");

        List<String> problems = StartProperties.problems(StartProperties.find(base,
                List.of("-jar", "start.jar", "remoteuser.logotPath=/bye", forked.toString())));

        assertEquals(List.of(
                "remoteuser.usrHeader (start.ini): not an option (did you mean 'remoteuser.userHeader'?)",
                "remoteuser.logotPath (the command line): not an option (did you mean 'remoteuser.logoutPath'?)",
                "remoteuser.grupsHeader (" + forked + "): not an option (did you mean 'remoteuser.groupsHeader'?)"),
                problems);
    }
}
