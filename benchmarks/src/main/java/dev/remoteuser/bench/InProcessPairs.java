package dev.remoteuser.bench;

import dev.remoteuser.bench.RequestDriver.Container;
import dev.remoteuser.bench.RequestDriver.Variant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the plugin adds to a whole request of its container, in nanoseconds, measured without the network so that it
 * is not lost in the socket's and the load generator's share ({@link RequestDriver}), and paired like the load
 * benchmark's ratios: every batch of the candidate runs between two batches of its baseline in the same JVM, so the
 * drift of this machine's speed cancels. The figure of a pair is the median over the batches of the candidate's time
 * per request minus the mean of its two neighbours'; its quartiles say how well it is known within one JVM. Two JVMs
 * differ by more than that (each compiles the code its own way), so run.sh runs this in several and the report takes
 * the median of theirs. One container per JVM, as in a server: the core's code is then compiled for that container's
 * adapter only.
 *
 * <p>Writes {@code name=value} lines: {@code container}, per pair {@code <candidate>-<baseline>.extraNs} (median,
 * {@code .q1}, {@code .q3}) and {@code .ratio} (candidate time over baseline time, median), and {@code
 * <variant>.ns} (median time per request of each variant). Arguments: the container ({@code tomcat} or {@code
 * jetty}), the output file, then optionally the number of batches per pair (default 1500), requests per batch
 * (default 1000) and seconds of warm-up (default 20).
 */
public final class InProcessPairs {

    /** Candidate and baseline of each pair; the floor against itself shows what the method resolves. */
    static final Variant[][] PAIRS = {
        {Variant.PLUGIN, Variant.FLOOR},
        {Variant.PLUGIN, Variant.FLOOR_CALLS},
        {Variant.FLOOR_CALLS, Variant.FLOOR},
        {Variant.FLOOR, Variant.NONE},
        {Variant.FLOOR, Variant.FLOOR},
    };

    private InProcessPairs() {
    }

    public static void main(String[] args) throws Exception {
        Container container = Container.valueOf(args[0].toUpperCase(Locale.ROOT));
        Path out = Path.of(args[1]);
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 1500;
        int perBatch = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        long warmUpNanos = (args.length > 4 ? Integer.parseInt(args[4]) : 20) * 1_000_000_000L;
        Map<Variant, RequestDriver> drivers = new EnumMap<>(Variant.class);
        try {
            for (Variant variant : Variant.values()) {
                drivers.put(variant, container.start(variant));
            }
            // warm-up: every variant in turn until the compiler has settled (about 20 s on one core)
            long until = System.nanoTime() + warmUpNanos;
            while (System.nanoTime() < until) {
                for (RequestDriver driver : drivers.values()) {
                    batch(driver, perBatch);
                }
            }
            List<String> lines = new ArrayList<>();
            lines.add("container=" + container.key());
            lines.add("batches=" + batches);
            lines.add("requestsPerBatch=" + perBatch);
            Map<Variant, List<Double>> times = new EnumMap<>(Variant.class);
            for (Variant[] pair : PAIRS) {
                RequestDriver candidate = drivers.get(pair[0]);
                RequestDriver baseline = drivers.get(pair[1]);
                List<Double> extra = new ArrayList<>();
                List<Double> ratio = new ArrayList<>();
                double before = batch(baseline, perBatch);
                for (int i = 0; i < batches; i++) {
                    double time = batch(candidate, perBatch);
                    double after = batch(baseline, perBatch);
                    double neighbours = (before + after) / 2;
                    extra.add(time - neighbours);
                    ratio.add(time / neighbours);
                    times.computeIfAbsent(pair[0], v -> new ArrayList<>()).add(time);
                    times.computeIfAbsent(pair[1], v -> new ArrayList<>()).add(after);
                    before = after;
                }
                String name = pair[0].key() + "-" + pair[1].key();
                String median = format(Report.quantile(extra, 0.5));
                String q1 = format(Report.quantile(extra, 0.25));
                String q3 = format(Report.quantile(extra, 0.75));
                lines.add(name + ".extraNs=" + median);
                lines.add(name + ".extraNs.q1=" + q1);
                lines.add(name + ".extraNs.q3=" + q3);
                lines.add(name + ".ratio=" + String.format(Locale.ROOT, "%.4f", Report.quantile(ratio, 0.5)));
                System.out.println(container.key() + " " + name + ": " + median + " ns per request [" + q1 + ", "
                        + q3 + "]");
            }
            times.forEach((variant, list) -> lines.add(variant.key() + ".ns=" + format(Report.quantile(list, 0.5))));
            Files.write(out, lines);
        } finally {
            for (RequestDriver driver : drivers.values()) {
                driver.close();
            }
        }
    }

    /** Time per request over one batch, in nanoseconds. */
    private static double batch(RequestDriver driver, int requests) throws Exception {
        long start = System.nanoTime();
        long written = 0;
        for (int i = 0; i < requests; i++) {
            written += driver.serve();
        }
        long elapsed = System.nanoTime() - start;
        if (written == 0) {
            throw new IllegalStateException("no response written");
        }
        return (double) elapsed / requests;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

}
