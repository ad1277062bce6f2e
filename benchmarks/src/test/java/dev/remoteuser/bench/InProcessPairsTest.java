package dev.remoteuser.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-process pairs run against the Tomcat and the Jetty the build uses: every variant answers as expected through
 * the container's own request path (the drivers refuse to measure one that does not), and the report finds every
 * pair it shows.
 */
class InProcessPairsTest {

    @ParameterizedTest
    @EnumSource(RequestDriver.Container.class)
    void everyPairIsMeasuredOverRequestsEachVariantAnswered(RequestDriver.Container container, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("inprocess-" + container.key() + "-1.txt");
        InProcessPairs.main(new String[] {container.key(), out.toString(), "5", "20", "0"});
        Map<String, String> figures = Report.properties(out);
        assertEquals(container.key(), figures.get("container"));
        assertEquals("5", figures.get("batches"));
        for (RequestDriver.Variant[] pair : InProcessPairs.PAIRS) {
            String name = pair[0].key() + "-" + pair[1].key();
            for (String figure : new String[] {".extraNs", ".extraNs.q1", ".extraNs.q3", ".ratio"}) {
                assertTrue(Double.isFinite(Double.parseDouble(figures.get(name + figure))), name + figure);
            }
        }
        assertTrue(Files.readString(out).contains("plugin.ns="));
    }

    @ParameterizedTest
    @EnumSource(RequestDriver.Container.class)
    void theDriverServesThePluginTheUserWithTheRoleItsGroupsGive(RequestDriver.Container container)
            throws Exception {
        try (RequestDriver driver = container.start(RequestDriver.Variant.PLUGIN)) {
            // starting checked the body ("ok user1 true"): the plugin trusted the driver's peer, read the user and
            // mapped g1 to role1; further requests on it keep writing a response
            assertTrue(driver.serve() > 0);
            assertTrue(driver.serve() > 0);
        }
    }
}
