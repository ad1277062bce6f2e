package dev.remoteuser.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process pairs run against the Tomcat the build uses: every engine valve answers as expected through the
 * adapter (the driver refuses to measure one that does not), and the report finds every pair it shows.
 */
class InProcessPairsTest {

    @Test
    void everyPairIsMeasuredOverRequestsEachValveAnswered(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("inprocess-1.txt");
        InProcessPairs.main(new String[] {out.toString(), "5", "20", "0"});
        Map<String, String> figures = Report.properties(out);
        assertEquals("5", figures.get("batches"));
        for (TomcatDriver.EngineValve[] pair : InProcessPairs.PAIRS) {
            String name = InProcessPairs.key(pair[0]) + "-" + InProcessPairs.key(pair[1]);
            for (String figure : new String[] {".extraNs", ".extraNs.q1", ".extraNs.q3", ".ratio"}) {
                assertTrue(Double.isFinite(Double.parseDouble(figures.get(name + figure))), name + figure);
            }
        }
        assertTrue(Files.readString(out).contains("valve.ns="));
    }

    @Test
    void theDriverServesTheValveTheUserWithTheRoleItsGroupsGive() throws Exception {
        try (TomcatDriver driver = new TomcatDriver(TomcatDriver.EngineValve.VALVE)) {
            // the constructor checked the body ("ok user1 true"); further requests keep writing a response
            assertTrue(driver.serve() > 0);
            assertTrue(driver.serve() > 0);
        }
    }
}
