package dev.remoteuser.bench;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole Tomcat or Jetty request without the network ({@link RequestDriver}), per variant in front of the
 * servlet: none, the floor, the floor with the container calls the plugin's checks need, and the plugin. Run with
 * {@code -prof gc}: the bytes per request are exact; the times drift with this machine's neighbours from one run to
 * the next, which {@link InProcessPairs} cancels by pairing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WholeRequestBenchmark {

    @Param({"tomcat", "jetty"})
    public String container;

    @Param({"none", "floor", "floor_calls", "plugin"})
    public String variant;

    private RequestDriver driver;

    @Setup(Level.Trial)
    public void start() throws Exception {
        driver = RequestDriver.Container.valueOf(container.toUpperCase(Locale.ROOT))
                .start(RequestDriver.Variant.valueOf(variant.toUpperCase(Locale.ROOT)));
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        driver.close();
    }

    @Benchmark
    public long request() throws Exception {
        return driver.serve();
    }
}
