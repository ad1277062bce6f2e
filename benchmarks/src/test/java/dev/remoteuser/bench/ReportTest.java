package dev.remoteuser.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The targets table a reader judges the plugin by: a figure never reads as meeting a limit it misses; and the
 * in-process sections, each from its own container's files.
 */
class ReportTest {

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of(0.999995, 1.0, true, "| t | 0.999995 | **no** |"),
                Arguments.of(0.9896, 0.99, true, "| t | 0.9896 | **no** |"),
                Arguments.of(0.985, 0.99, true, "| t | 0.985 | **no** |"),
                Arguments.of(1.0, 1.0, true, "| t | 1.000 | yes |"),
                Arguments.of(1.0004, 1.0, true, "| t | 1.000 | yes |"),
                Arguments.of(1.0204, 1.02, false, "| t | 1.0204 | **no** |"),
                Arguments.of(1.019, 1.02, false, "| t | 1.019 | yes |"),
                Arguments.of(84.1, 150, false, "| t | 84.100 | yes |"),
                Arguments.of(Double.NaN, 0.99, true, "| t | NaN | not measured |"));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void aTargetRowShowsEnoughDecimalsToTellAMissFromTheLimit(double value, double limit, boolean atLeast,
                                                              String row) {
        StringBuilder md = new StringBuilder();
        Report.target(md, "t", value, limit, atLeast);
        assertEquals(row, md.toString().strip());
    }

    static Stream<Arguments> quantiles() {
        return Stream.of(
                Arguments.of(List.of(3.0, 1.0, 2.0), 0.5, 2.0),
                Arguments.of(List.of(4.0, 1.0, 3.0, 2.0), 0.5, 2.5),
                Arguments.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 0.25, 2.0),
                Arguments.of(List.of(1.0, 2.0, 3.0, 4.0), 0.75, 3.25),
                Arguments.of(List.of(7.0), 0.25, 7.0));
    }

    @ParameterizedTest
    @MethodSource("quantiles")
    void medianAndQuartilesInterpolateBetweenTheSortedValues(List<Double> values, double q, double expected) {
        assertEquals(expected, Report.quantile(values, q), 1e-12);
    }

    @Test
    void noValuesHaveNoQuantile() {
        assertTrue(Double.isNaN(Report.quantile(List.of(), 0.5)));
    }

    @Test
    void theInProcessSectionTakesTheMedianOfTheJvmsAndSaysWhatPartOfALoadedRequestItIs() {
        List<Map<String, String>> forks = List.of(fork("100.0", "1.10"), fork("300.0", "1.30"), fork("150.0", "1.15"));
        String md = Report.inProcess(RequestDriver.Container.TOMCAT, forks, 15.0);
        assertTrue(md.contains("## Whole Tomcat requests in process, paired"), md);
        assertTrue(md.contains("| `valve` − `floor` | 100.0 (90.0 to 110.0); 300.0 (90.0 to 110.0); 150.0 (90.0 to"
                + " 110.0) | 150.0 | 1.150 |"), md);
        // 150 ns of a 15 µs request: 1 %, a valve / floor ratio of 1 / 1.01
        assertTrue(md.contains("The valve adds 150 ns to a whole request over the floor, where a loaded request of"
                + " the floor costs the server 15.00 µs of CPU in the load benchmark (its network share included):"
                + " 1.00 % of it, so the valve / floor ratio this leaves is about 0.9901 (four decimals"), md);
    }

    @Test
    void theJettySectionNamesTheAuthenticatorAndUsesTheJettyFloor() {
        String md = Report.inProcess(RequestDriver.Container.JETTY, List.of(fork("50.0", "1.02")), 10.0);
        assertTrue(md.contains("## Whole Jetty requests in process, paired"), md);
        assertTrue(md.contains("| `authenticator` − `floor` | 50.0 (90.0 to 110.0) | 50.0 | 1.020 |"), md);
        // 50 ns of a 10 µs request: 0.5 %
        assertTrue(md.contains("The authenticator adds 50 ns to a whole request over the floor, where a loaded"
                + " request of the floor costs the server 10.00 µs of CPU in the load benchmark (its network share"
                + " included): 0.50 % of it, so the authenticator / floor ratio this leaves is about 0.9950"), md);
    }

    @Test
    void eachContainersSectionReadsTheFilesItsJvmsWrote(@TempDir Path results) throws IOException {
        Files.writeString(results.resolve("inprocess-tomcat-1.txt"), "container=tomcat\nbatches=1\n");
        Files.writeString(results.resolve("inprocess-jetty-1.txt"), "container=jetty\nbatches=1\n");
        Files.writeString(results.resolve("inprocess-jetty-2.txt"), "container=jetty\nbatches=2\n");
        Files.writeString(results.resolve("inprocess-jetty-1.log"), "jetty plugin-floor: 1 ns per request\n");
        List<Map<String, String>> jetty = Report.inProcessForks(results, RequestDriver.Container.JETTY);
        assertEquals(List.of("1", "2"), jetty.stream().map(fork -> fork.get("batches")).toList());
        assertTrue(jetty.stream().allMatch(fork -> fork.get("container").equals("jetty")));
        assertEquals(1, Report.inProcessForks(results, RequestDriver.Container.TOMCAT).size());
    }

    @Test
    void theInProcessSectionSaysSoWhenItWasNotRun() {
        assertTrue(Report.inProcess(RequestDriver.Container.JETTY, List.of(), 15.0).contains("Not run."));
    }

    private static Map<String, String> fork(String pluginOverFloor, String ratio) {
        return Map.of("batches", "1500", "requestsPerBatch", "1000", "plugin-floor.extraNs", pluginOverFloor,
                "plugin-floor.extraNs.q1", "90.0", "plugin-floor.extraNs.q3", "110.0", "plugin-floor.ratio", ratio);
    }
}
