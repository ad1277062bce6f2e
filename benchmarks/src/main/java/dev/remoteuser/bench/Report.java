package dev.remoteuser.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Turns a benchmark run into docs/benchmarks.md and docs/benchmarks.png: the JMH results (ns/op and B/op), the load
 * results per variant (median requests/s over the rounds, with the lowest and highest), the target ratios, and the
 * machine, versions and commands.
 *
 * <p>Usage: {@code Report RESULTS_DIR MARKDOWN PNG}; RESULTS_DIR holds {@code jmh.json}, {@code load.csv} (round,
 * variant, requests/s, non-2xx), {@code pairs.csv} (candidate, baseline, run, candidate requests/s, baseline
 * requests/s before and after, non-2xx) and {@code environment.txt}.
 */
public final class Report {

    private Report() {
    }

    record Load(String variant, List<Double> rates, long failures) {
        double median() {
            return Report.median(rates);
        }

        double min() {
            return rates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        double max() {
            return rates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    record Micro(String name, double nsPerOp, double bytesPerOp) {
    }

    /** One candidate measured against a baseline in alternating runs: each run's ratio to its two neighbours. */
    record Pair(String candidate, String baseline, List<Double> ratios, List<Double> cpuRatios, long failures) {
        double median() {
            return quantile(0.5);
        }

        /** Median of the runs' server CPU per request over their neighbours' (below 1: the candidate costs less). */
        double cpuMedian() {
            return Report.median(cpuRatios);
        }

        /** {@link Report#quantile} of the ratios (0.25 and 0.75 give the interquartile range). */
        double quantile(double q) {
            return Report.quantile(ratios, q);
        }
    }

    /** One round of the real-distribution run: server CPU seconds per request with the valve and without. */
    record StaticRound(int round, double withCpuPerRequest, double withoutCpuPerRequest) {
        double ratio() {
            return withCpuPerRequest / withoutCpuPerRequest;
        }
    }

    /** The {@code key=value} lines MemoryFootprint wrote; empty when the file is missing. */
    static Map<String, String> properties(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    values.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
        return values;
    }

    /** The rounds of static.csv (round, variant, requests, CPU seconds), each with both variants. */
    static List<StaticRound> staticRounds(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            return List.of();
        }
        Map<Integer, Map<String, Double>> perRound = new java.util.TreeMap<>();
        for (String[] cells : dataRows(csv, 4)) {
            double requests = Double.parseDouble(cells[2]);
            perRound.computeIfAbsent(Integer.parseInt(cells[0]), k -> new LinkedHashMap<>())
                    .put(cells[1], requests > 0 ? Double.parseDouble(cells[3]) / requests : Double.NaN);
        }
        List<StaticRound> rounds = new ArrayList<>();
        perRound.forEach((round, variants) -> {
            if (variants.containsKey("with") && variants.containsKey("without")) {
                rounds.add(new StaticRound(round, variants.get("with"), variants.get("without")));
            }
        });
        return rounds;
    }

    private static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /**
     * The linear-interpolated quantile {@code q} (0 to 1) of the values, in any order: the median at 0.5 (the mean
     * of the middle two for an even count), the quartiles at 0.25 and 0.75; NaN when there are none.
     */
    static double quantile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.size() - 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }

    /** One row of the container's share: a paired ratio and what it measures; NaN when the pair was not run. */
    private static void share(StringBuilder md, Map<String, Pair> pairs, String candidate, String baseline,
                              String meaning) {
        Pair pair = pairs.get(candidate + "/" + baseline);
        md.append(pair == null
                ? String.format(Locale.ROOT, "| `%s` / `%s` | %s | 0 | NaN | NaN | NaN | NaN |%n", candidate, baseline,
                        meaning)
                : String.format(Locale.ROOT, "| `%s` / `%s` | %s | %d | %.3f | %.3f | %.3f | %.3f |%n", candidate,
                        baseline, meaning, pair.ratios().size(), pair.median(), pair.quantile(0.25),
                        pair.quantile(0.75), pair.cpuMedian()));
    }

    private static double micro(List<Micro> micros, String name, boolean bytes) {
        return micros.stream().filter(m -> m.name().equals(name)).findFirst()
                .map(m -> bytes ? m.bytesPerOp() : m.nsPerOp()).orElse(Double.NaN);
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args[0]);
        Map<String, Load> loads = loads(results.resolve("load.csv"));
        Map<String, Pair> pairs = pairs(results.resolve("pairs.csv"));
        List<Micro> micros = micros(Files.readString(results.resolve("jmh.json")));
        String environment = Files.readString(results.resolve("environment.txt"));
        Map<String, String> memory = properties(results.resolve("memory.txt"));
        List<StaticRound> rounds = staticRounds(results.resolve("static.csv"));
        StringBuilder inProcess = new StringBuilder();
        for (RequestDriver.Container container : RequestDriver.Container.values()) {
            inProcess.append(inProcess(container, inProcessForks(results, container),
                    cpuMicros(results.resolve("pairs.csv"), FLOOR_VARIANTS.get(container))));
        }
        Files.writeString(Path.of(args[1]), markdown(loads, pairs, micros, memory, rounds, inProcess.toString(),
                environment, Path.of(args[2])));
        plot(loads, Path.of(args[2]));
    }

    /**
     * What each JVM of {@link InProcessPairs} wrote for the container, as run.sh names the files ({@code
     * inprocess-<container>-<fork>.txt}), in fork order; empty when they were not run.
     */
    static List<Map<String, String>> inProcessForks(Path results, RequestDriver.Container container)
            throws IOException {
        List<Map<String, String>> forks = new ArrayList<>();
        try (var files = Files.list(results)) {
            for (Path file : files.filter(f -> f.getFileName().toString()
                    .matches("inprocess-" + container.key() + "-[0-9]+\\.txt")).sorted().toList()) {
                forks.add(properties(file));
            }
        }
        return forks;
    }

    /** The load benchmark's floor of each container, whose server CPU per request a loaded request costs. */
    private static final Map<RequestDriver.Container, String> FLOOR_VARIANTS = Map.of(
            RequestDriver.Container.TOMCAT, "i-tomcat-floor-1", RequestDriver.Container.JETTY, "j-jetty-floor-1");

    /**
     * The section of {@link InProcessPairs} for one container: per pair, each JVM's median extra time per request
     * with its quartiles, and the median over the JVMs; then the plugin's extra over the floor as a part of a loaded
     * request's server CPU.
     *
     * @param forks          one {@code name=value} map per JVM that ran the pairs; none when they were not run
     * @param floorCpuMicros the load benchmark's server CPU per request of the container's floor, in microseconds
     */
    static String inProcess(RequestDriver.Container container, List<Map<String, String>> forks,
            double floorCpuMicros) {
        String plugin = container.plugin;
        StringBuilder md = new StringBuilder("\n## Whole " + container.title() + " requests in process, paired\n\n");
        if (forks.isEmpty()) {
            return md.append("Not run.\n").toString();
        }
        String path = switch (container) {
            case TOMCAT -> "through Tomcat's own `CoyoteAdapter` without the network (`TomcatDriver`: the request"
                    + " the HTTP parser hands over, with the load script's headers, through mapping, the engine, host,"
                    + " context and wrapper valves, the filter chain and the load servers' servlet), the variant as a"
                    + " valve on the engine";
            case JETTY -> "through Jetty's own HTTP/1.1 connection on an in-memory end point whose peer is 127.0.0.1"
                    + " (`JettyDriver`: the load script's request bytes, parsed, through the context, the security"
                    + " handler and the load servers' servlet, on one kept-alive connection), the variant as the"
                    + " security handler's authenticator";
        };
        md.append(String.format(Locale.ROOT, "`InProcessPairs %s`: whole requests %s. Each batch of %s requests of"
                + " the candidate runs between two batches of its baseline, %s times per pair, in each of %d JVMs;"
                + " the figure is the candidate's time per request minus the mean of its neighbours'. The JVMs differ"
                + " by more than the quartiles within one say (each compiles the code its own way, and this"
                + " machine's speed moves between them), hence the several JVMs.%n%n", container.key(), path,
                forks.get(0).get("requestsPerBatch"), forks.get(0).get("batches"), forks.size()));
        md.append("| candidate − baseline | ns per request in each JVM (quartiles) | median of the JVMs |"
                + " time ratio, median of the JVMs |\n|---|---|---:|---:|\n");
        double pluginOverFloor = Double.NaN;
        for (RequestDriver.Variant[] variants : InProcessPairs.PAIRS) {
            String pair = variants[0].key() + "-" + variants[1].key();
            List<String> each = new ArrayList<>();
            List<Double> medians = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (Map<String, String> fork : forks) {
                if (fork.containsKey(pair + ".extraNs")) {
                    each.add(fork.get(pair + ".extraNs") + " (" + fork.get(pair + ".extraNs.q1") + " to "
                            + fork.get(pair + ".extraNs.q3") + ")");
                    medians.add(Double.parseDouble(fork.get(pair + ".extraNs")));
                    ratios.add(Double.parseDouble(fork.get(pair + ".ratio")));
                }
            }
            double median = median(medians);
            if (variants[0] == RequestDriver.Variant.PLUGIN && variants[1] == RequestDriver.Variant.FLOOR) {
                pluginOverFloor = median;
            }
            md.append(String.format(Locale.ROOT, "| `%s` − `%s` | %s | %.1f | %.3f |%n", name(container, variants[0]),
                    name(container, variants[1]), String.join("; ", each), median, median(ratios)));
        }
        md.append(String.format(Locale.ROOT, "%nThe %s adds %.0f ns to a whole request over the floor, where a"
                + " loaded request of the floor costs the server %.2f µs of CPU in the load benchmark (its network"
                + " share included): %.2f %% of it, so the %s / floor ratio this leaves is about %.4f (four"
                + " decimals, so that it never rounds onto the 0.99 it is judged against). The same"
                + " figures, taken at another time, are an estimate, not a paired measurement.%n", plugin,
                pluginOverFloor, floorCpuMicros, 100 * pluginOverFloor / (floorCpuMicros * 1000), plugin,
                1 / (1 + pluginOverFloor / (floorCpuMicros * 1000))));
        return md.toString();
    }

    /** A variant as the report names it: the plugin by what it is on the container. */
    private static String name(RequestDriver.Container container, RequestDriver.Variant variant) {
        return variant == RequestDriver.Variant.PLUGIN ? container.plugin : variant.key();
    }

    /** The median server CPU per request of a variant over its paired runs as the candidate, in microseconds. */
    static double cpuMicros(Path csv, String variant) throws IOException {
        if (!Files.exists(csv)) {
            return Double.NaN;
        }
        return median(dataRows(csv, 10).stream().filter(cells -> cells[0].equals(variant))
                .map(cells -> Double.parseDouble(cells[7])).toList());
    }

    static Map<String, Load> loads(Path csv) throws IOException {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, Long> failures = new LinkedHashMap<>();
        for (String[] cells : dataRows(csv, 4)) {
            rates.computeIfAbsent(cells[1], k -> new ArrayList<>()).add(Double.parseDouble(cells[2]));
            failures.merge(cells[1], Long.parseLong(cells[3]), Long::sum);
        }
        Map<String, Load> loads = new LinkedHashMap<>();
        rates.keySet().stream().sorted().forEach(v -> loads.put(v, new Load(v, rates.get(v), failures.get(v))));
        return loads;
    }

    /** The rows of a CSV file written by run.sh, without its header line and without incomplete rows. */
    private static List<String[]> dataRows(Path csv, int columns) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.stream().skip(1).map(line -> line.split(",")).filter(cells -> cells.length >= columns)
                .toList();
    }

    /** The paired runs per "candidate/baseline". */
    static Map<String, Pair> pairs(Path csv) throws IOException {
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        Map<String, List<Double>> cpuRatios = new LinkedHashMap<>();
        Map<String, Long> failures = new LinkedHashMap<>();
        for (String[] cells : dataRows(csv, 7)) {
            String key = cells[0] + "/" + cells[1];
            double neighbours = (Double.parseDouble(cells[4]) + Double.parseDouble(cells[5])) / 2;
            ratios.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(cells[3]) / neighbours);
            if (cells.length >= 10) {
                double cpuNeighbours = (Double.parseDouble(cells[8]) + Double.parseDouble(cells[9])) / 2;
                cpuRatios.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(Double.parseDouble(cells[7]) / cpuNeighbours);
            }
            failures.merge(key, Long.parseLong(cells[6]), Long::sum);
        }
        Map<String, Pair> pairs = new LinkedHashMap<>();
        ratios.forEach((key, list) -> pairs.put(key, new Pair(key.substring(0, key.indexOf('/')),
                key.substring(key.indexOf('/') + 1), list, cpuRatios.getOrDefault(key, List.of()),
                failures.get(key))));
        return pairs;
    }

    /** Score and gc.alloc.rate.norm of each benchmark in JMH's JSON output. */
    static List<Micro> micros(String json) {
        List<Micro> micros = new ArrayList<>();
        Matcher benchmark = Pattern.compile("\"benchmark\"\\s*:\\s*\"[^\"]*\\.([A-Za-z0-9]+\\.[A-Za-z0-9]+)\"")
                .matcher(json);
        List<Integer> starts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (benchmark.find()) {
            starts.add(benchmark.start());
            names.add(benchmark.group(1));
        }
        starts.add(json.length());
        Pattern score = Pattern.compile("\"primaryMetric\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*([0-9.Ee+-]+)");
        Pattern alloc = Pattern.compile("\"gc\\.alloc\\.rate\\.norm\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*([0-9.Ee+-]+)");
        for (int i = 0; i < names.size(); i++) {
            String part = json.substring(starts.get(i), starts.get(i + 1));
            Matcher s = score.matcher(part);
            Matcher a = alloc.matcher(part);
            Matcher params = Pattern.compile("\"params\"\\s*:\\s*\\{([^}]*)\\}").matcher(part);
            String name = names.get(i).startsWith("CoreDecisionBenchmark.")
                    ? names.get(i).substring("CoreDecisionBenchmark.".length()) : names.get(i);
            if (params.find()) {
                name += " " + params.group(1).replaceAll("[\"\\s]", "").replace(":", "=");
            }
            micros.add(new Micro(name, s.find() ? Double.parseDouble(s.group(1)) : Double.NaN,
                    a.find() ? Double.parseDouble(a.group(1)) : Double.NaN));
        }
        return micros;
    }

    private static double ratio(Map<String, Load> loads, String a, String b) {
        Load x = loads.get(a);
        Load y = loads.get(b);
        return x == null || y == null ? Double.NaN : x.median() / y.median();
    }

    /** The whole report; {@code inProcess} is the sections {@link #inProcess} wrote, one per container. */
    static String markdown(Map<String, Load> loads, Map<String, Pair> pairs, List<Micro> micros,
            Map<String, String> memory, List<StaticRound> rounds, String inProcess, String environment, Path png) {
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("Written by `benchmarks/run.sh` (do not edit by hand; run it again). Machine, versions and"
                + " commands:\n\n```\n").append(environment.strip()).append("\n```\n\n");
        md.append("## Core decision and whole container requests (JMH, `-prof gc`)\n\n`WholeRequestBenchmark` is one"
                + " whole Tomcat or Jetty request without the network (see the in-process sections below), per"
                + " variant in front of the servlet (`plugin` is the valve on Tomcat, the authenticator on Jetty):"
                + " its bytes per request are exact, its times move with this machine between runs.\n\n"
                + "| benchmark | ns/op | bytes/op |\n|---|---:|---:|\n");
        for (Micro m : micros) {
            md.append(String.format(Locale.ROOT, "| `%s` | %.1f | %.0f |%n", m.name(), m.nsPerOp(), m.bytesPerOp()));
        }
        md.append("\n## End to end (wrk, keep-alive, loopback)\n\n");
        md.append("Requests per second over the rounds (each variant once per round, in a new random order each"
                + " round): median, lowest and highest. Every response was checked to be a 2xx (non-2xx column).\n\n");
        md.append("| variant | median req/s | lowest | highest | non-2xx |\n|---|---:|---:|---:|---:|\n");
        for (Load load : loads.values()) {
            md.append(String.format(Locale.ROOT, "| `%s` | %.0f | %.0f | %.0f | %d |%n", load.variant(),
                    load.median(), load.min(), load.max(), load.failures()));
        }
        md.append("\n![throughput per variant](").append(png.getFileName()).append(")\n\n");
        md.append("## Paired ratios\n\n");
        md.append("Each candidate run sits between two runs of its baseline (alternating short runs), so slow drift of"
                + " the machine cancels; the ratio of a run is the candidate's requests/s over the mean of its two"
                + " neighbours. Median and interquartile range over the runs; the ratio of the round medians above is"
                + " given for comparison.\n\n");
        md.append("The last column is the same pairing for the server's CPU time per request (from `/proc`; all"
                + " variants share one JVM, only one is loaded at a time): below 1 the candidate costs less CPU per"
                + " request. It is steadier than throughput here, where wrk on the other core is often the limit.\n\n");
        md.append("| candidate / baseline | runs | median ratio | 25 % | 75 % | ratio of round medians | non-2xx |"
                + " CPU per request, median ratio |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Pair pair : pairs.values()) {
            md.append(String.format(Locale.ROOT, "| `%s` / `%s` | %d | %.3f | %.3f | %.3f | %.3f | %d | %.3f |%n",
                    pair.candidate(), pair.baseline(), pair.ratios().size(), pair.median(), pair.quantile(0.25),
                    pair.quantile(0.75), ratio(loads, pair.candidate(), pair.baseline()), pair.failures(),
                    pair.cpuMedian()));
        }
        md.append("\n## Real Tomcat distribution, static file\n\n");
        md.append("`benchmarks/tomcat-static.sh`: Tomcat's own distribution (default `server.xml`, its access log"
                + " included) serving a 1 KiB file from two contexts with the same files, one with the valve"
                + " (`trustedProxies=127.0.0.1`, groups and a role mapping), one without; wrk sends the identity"
                + " headers to both. Rounds interleave the two (the order alternates); the figure is server CPU"
                + " (user + system, from `/proc`) per request, which is steadier here than throughput.\n\n");
        md.append("| round | CPU µs/request with the valve | without | with / without |\n|---:|---:|---:|---:|\n");
        for (StaticRound round : rounds) {
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.3f |%n", round.round(),
                    round.withCpuPerRequest() * 1e6, round.withoutCpuPerRequest() * 1e6, round.ratio()));
        }
        double staticRatio = median(rounds.stream().map(StaticRound::ratio).toList());
        md.append(String.format(Locale.ROOT, "%nMedian of %d rounds: **%.3f**.%n", rounds.size(), staticRatio));

        md.append("\n## 100,000 distinct users: memory and hit rates\n\n");
        md.append("`MemoryFootprint`: a policy with groups, a role mapping and a cached name-keyed store (default"
                + " `userCacheSize` 10,000) plus an adapter's per-identity memo; 100,000 users make one request each."
                + " Live heap from `jcmd GC.class_histogram` (after a full GC) before and after. Hit rates over users"
                + " taken twice in turn (second pass): all 100,000 (each returns after 99,999 others, past every"
                + " bound: the worst case), and a hot set. Last (`wide…`), 20,000 users in 256 groups of 29"
                + " characters each, through a policy without a store and an adapter's memo: what the memos' heap"
                + " bounds keep of them.\n\n| measure | value |\n|---|---:|\n");
        memory.forEach((key, value) -> md.append("| `").append(key).append("` | ").append(value).append(" |\n"));
        double retained = memory.containsKey("retainedBytes") ? Double.parseDouble(memory.get("retainedBytes"))
                : Double.NaN;
        double bound = memory.containsKey("identityMemoBound")
                ? Double.parseDouble(memory.get("identityMemoBound")) : Double.NaN;
        md.append(String.format(Locale.ROOT, "%nRetained after 100,000 users: %.1f MiB, about %.0f bytes per user the"
                + " bounds keep (identity memo bound %.0f; the store cache and the adapter memo hold the same users"
                + " again).%n", retained / 1048576, retained / bound, bound));
        if (memory.containsKey("wideRetainedBytes")) {
            md.append(String.format(Locale.ROOT, "%nRetained after 20,000 users in 256 groups: %.1f MiB, %s of them"
                    + " kept (about %s bytes each), where the entry bounds alone would keep 16,384.%n",
                    Double.parseDouble(memory.get("wideRetainedBytes")) / 1048576,
                    memory.get("wideAdapterMemoEntries"), memory.get("wideRetainedBytesPerKeptUser")));
        }

        md.append(inProcess);
        md.append("\n## Targets\n\nJudged on the paired median ratios (the core decision on JMH).\n\n"
                + "| target | achieved | met |\n|---|---:|---|\n");
        target(md, "(b)/(i) Tomcat valve / floor ≥ 0.99",
                paired(pairs, "b-tomcat-valve-1", "i-tomcat-floor-1"), 0.99, true);
        target(md, "(f)/(j) Jetty authenticator / floor ≥ 0.99",
                paired(pairs, "f-jetty-authenticator-1", "j-jetty-floor-1"), 0.99, true);
        double tomcatFloor = paired(pairs, "i-tomcat-floor-1", "a-tomcat-none-1");
        target(md, String.format(Locale.ROOT, "(b)/(a) Tomcat valve / no authentication ≥ 0.97 where the floor"
                + " (i)/(a) is ≥ 0.98, else floor − 0.01 (floor here %.3f)", tomcatFloor),
                paired(pairs, "b-tomcat-valve-1", "a-tomcat-none-1"), tomcatFloor >= 0.98 ? 0.97 : tomcatFloor - 0.01,
                true);
        double jettyFloor = paired(pairs, "j-jetty-floor-1", "e-jetty-none-1");
        target(md, String.format(Locale.ROOT, "(f)/(e) Jetty authenticator / no authentication ≥ 0.97 where the"
                + " floor (j)/(e) is ≥ 0.98, else floor − 0.01 (floor here %.3f)", jettyFloor),
                paired(pairs, "f-jetty-authenticator-1", "e-jetty-none-1"), jettyFloor >= 0.98 ? 0.97 : jettyFloor - 0.01,
                true);
        target(md, "real Tomcat distribution, static file: server CPU per request with / without the valve ≤ 1.02",
                staticRatio, 1.02, false);
        target(md, "(b)/(c) Tomcat valve / Spring Security header filter, 1 user ≥ 1.0",
                paired(pairs, "b-tomcat-valve-1", "c-tomcat-spring-1"), 1.0, true);
        target(md, "(b)/(c) the same with 10,000 users ≥ 1.0",
                paired(pairs, "b-tomcat-valve-10000", "c-tomcat-spring-10000"), 1.0, true);
        target(md, "(g)/(b) Tomcat valve + cached realm store / header only, 10,000 users ≥ 0.95",
                paired(pairs, "g-tomcat-valve-store-10000", "b-tomcat-valve-10000"), 0.95, true);
        target(md, "(h)/(f) Jetty authenticator + cached login-service store / header only, 10,000 users ≥ 0.95",
                paired(pairs, "h-jetty-authenticator-store-10000", "f-jetty-authenticator-10000"), 0.95, true);
        target(md, "core decision, user + 5 groups + mapping ≤ 150 ns/op",
                micro(micros, "userFiveGroupsMapped", false), 150, false);
        target(md, "core decision, user + 5 groups + mapping ≤ 128 bytes/op",
                micro(micros, "userFiveGroupsMapped", true), 128, false);
        double fewGroups = micro(micros,
                "ScalingBenchmark.decide cookieBytes=0,groups=5,otherHeaders=0,users=100000", false);
        double manyGroups = micro(micros,
                "ScalingBenchmark.decide cookieBytes=0,groups=256,otherHeaders=0,users=100000", false);
        target(md, "256 groups cost at most linearly: ns/op at 256 groups / at 5 groups ≤ 256 / 5 (100,000 users,"
                + " every identity built)", manyGroups / fewGroups, 256.0 / 5, false);
        target(md, "the same for a returning user: ns/op at 256 groups / at 5 groups ≤ 256 / 5 (1 user, the"
                + " identity memo answers)", micro(micros,
                "ScalingBenchmark.decide cookieBytes=0,groups=256,otherHeaders=0,users=1", false) / micro(micros,
                "ScalingBenchmark.decide cookieBytes=0,groups=5,otherHeaders=0,users=1", false), 256.0 / 5, false);
        double atBounds = memory.containsKey("retainedBytesAt20000Users")
                ? Double.parseDouble(memory.get("retainedBytesAt20000Users")) : Double.NaN;
        target(md, "memory bounded: bytes retained after 100,000 users / after 20,000 (past every bound) ≤ 1.05",
                retained / atBounds, 1.05, false);
        double wide = memory.containsKey("wideRetainedBytes")
                ? Double.parseDouble(memory.get("wideRetainedBytes")) : Double.NaN;
        target(md, "users in 256 groups: bytes retained after 20,000 of them ≤ the identity memo's and the adapter"
                + " memo's heap bounds together (2 × 32 MiB)", wide / (64.0 * 1024 * 1024), 1.0, false);
        md.append("\n## What the container charges for the checks\n\n");
        md.append("The floors check nothing. (k) and (l) are the same floors plus the container calls that the"
                + " plugin's checks and promises need, and no logic: the socket peer (peer trust), the groups header"
                + " and the groups request attribute, the request's session before the webapp and after it, and a"
                + " request wrapper that marks a session the moment it is made. Per container, the first row is what"
                + " those calls cost over the floor, the second what the plugin's own code costs over them, the"
                + " third the floor against itself: how far from 1 these runs read when nothing differs.\n\n");
        md.append("| candidate / baseline | what it measures | runs | median ratio | 25 % | 75 % | CPU per request,"
                + " median ratio |\n|---|---|---:|---:|---:|---:|---:|\n");
        share(md, pairs, "k-tomcat-floor-calls-1", "i-tomcat-floor-1", "Tomcat's calls for the checks, over the floor");
        share(md, pairs, "b-tomcat-valve-1", "k-tomcat-floor-calls-1", "the valve's own code, over those calls");
        share(md, pairs, "i-tomcat-floor-1", "i-tomcat-floor-1", "the Tomcat floor against itself");
        share(md, pairs, "l-jetty-floor-calls-1", "j-jetty-floor-1", "Jetty's calls for the checks, over the floor");
        share(md, pairs, "f-jetty-authenticator-1", "l-jetty-floor-calls-1",
                "the authenticator's own code, over those calls");
        share(md, pairs, "j-jetty-floor-1", "j-jetty-floor-1", "the Jetty floor against itself");
        md.append("""

                ## Reading these numbers

                - Servers and load generator share the machine above. With two or more cores the servers are pinned
                  to one core and wrk to another. Throughput on this VM drifts by up to ±25 % over minutes, which is
                  why the targets are judged on the paired ratios (each candidate run between two baseline runs),
                  not on ratios of separately measured medians; the interquartile range shows what is left of the
                  noise.
                - The floor variants (`i-tomcat-floor-1`, `j-jetty-floor-1`) read the user header and set a
                  principal with one role, with no check at all: what any authenticating plugin costs the container
                  over no authentication (the principal, `isUserInRole` through the realm or the security handler,
                  the longer answer), measured here between 0.96 and 0.99 of no authentication from run to run. The
                  plugin's own cost is the adapter / floor ratio; the (b)/(a) and (f)/(e) targets leave it 1 to 3 %
                  after the floor's share.
                - The trivial servlet makes the container's own work (HTTP parsing, keep-alive, the servlet call) the
                  bulk of each request; the plugin's decision is a few hundred nanoseconds of it. About 70 % of the
                  server's CPU samples are the kernel's TCP work and Tomcat's parsing, the same in every variant.
                - Every variant is checked before measuring (the right user and role in the answer; BASIC refuses a
                  request without credentials), and every measured response was a 2xx.
                - Profiling and what was fixed, earlier: JMH `-prof gc`/`-prof stack` on the core (sorted arrays
                  instead of TreeSet copies, the default user-name pattern without a regex, the last peer verdict
                  kept, identities remembered per raw header pair); JFR on the load servers (the store cache's lock,
                  the identity memo emptied when full, Jetty's per-request attribute, peer formatting and Subject).
                - Profiling and what was fixed for the floor targets: async-profiler 4.1 (`event=cpu`, attached to
                  the load servers under wrk) put the Tomcat valve's own share of the server's CPU samples at 5.9 %
                  (the floor valve's: 0.4 %; the whole webapp behind it: 3.0 %). Of that, the header scan 1.9 %
                  (every header name decoded into a string), the one-value check and value look-ups 1.6 % (Tomcat
                  scans all headers and decodes the value through a charset decoder on every `getHeader`, and the
                  core asked four times), `StandardContext.getAuthenticator` 0.4 % (it copies the valve list, once
                  per request to find a caching `NonLoginAuthenticator`), the principal and request attributes
                  0.6 %. Now the core reads each field once through an index view (Tomcat's names compared on the
                  connector's bytes, only identity values made strings, ISO-8859-1 directly), keeps the values from
                  that pass, allocates 120 bytes per decision, the authenticator is checked once per context start,
                  and both adapters remember the principal (and Tomcat the request attributes) per identity. The
                  same profile then put the valve's own share at about 2.2 %: what is left is the scan itself, the
                  identity memo's hash look-up, the peer comparison and Tomcat's `setAttribute` for the groups
                  attribute (a `ConcurrentHashMap` put, which the floor does not do).
                - Profiling for the floor targets, again (async-profiler 4.1 attached to the load servers for 10 s
                  under wrk, after a warm-up; this machine was about twice as fast as the one of the earlier runs,
                  and its paired runs about four times steadier, so the plugin's fixed costs show more): the header
                  scan compared every identity header name twice (its lookalike form, then its spelling); it now
                  tries the spelling first, and the decision with user and five groups went from 112 to 73 ns on
                  JMH. After that the Tomcat valve's CPU samples per request were 1.038 times the floor's: the
                  valve's own frames (the decision 1.9 % of the server's samples, the groups request attribute
                  0.4 %, the session look-ups 0.4 %) and the container's own reaction to any slower request: worker
                  threads parking and waking (`LockSupport.parkNanos`, `finish_task_switch` in the kernel) and each
                  response's socket write waking wrk on the other core (`_raw_spin_unlock_irqrestore` under
                  `write`, twice as many samples per request when the server is slower), which the floor, faster,
                  pays less often. At about 11 µs per request (90,000 requests/s on one core), 1 % is 110 ns: less
                  than the decision itself (peer check, the scan of every header for lookalikes, the one-value
                  check, the identity memo), which the floor does not do at all.
                - Profiling for the floor targets, a third time (async-profiler 4.1, `event=cpu` and `event=alloc`
                  on the load servers under wrk): the Tomcat valve's own frames were about 3 % of the server's
                  samples (the decision 2.1 %, the groups request attribute 0.4 % and Tomcat clearing it again in
                  `Request.recycle`, the counters 0.2 %), and per request the valve allocated about 160 bytes more
                  than the floor (which makes a new principal every time itself). Fixed: the decision's session
                  sealer was a capturing lambda per decision (now one sealer per policy: 128 to 104 bytes/op);
                  the request path was decoded into a new string on every request although no setting looked at it
                  (now only with headerPaths, logoutPath or diagnosticsPath); Jetty set and removed a `ThreadLocal`
                  per request that only a fallback login reads. The static-file comparison now warms each context
                  for 20 s (a fresh JVM on one core was still compiling after 10 s: its rounds' throughput rose from
                  38,000 to 134,000 requests) and takes 24 rounds; adjacent 3 s runs here still differ by up to
                  20 %, so its median moves by a few percent from run to run (0.978 and 1.028 for the same valve
                  on the same day). What the valve does beyond the floor is what the floor leaves out: the peer
                  check, the scan of every header for repeats and lookalikes, the identity memo, the counters, the
                  groups attribute and the session checks.
                - Profiling for the floor targets, a fourth time (async-profiler 4.1, `event=cpu` at 100 µs and
                  `event=alloc`, on the load servers under wrk after a warm-up): the Tomcat valve's own frames were
                  2.5 % of the server's samples against the floor valve's 0.6 %: the decision 1.7 % (the header
                  scan 0.65 %, of which making the two identity values strings is most; the one-value check 0.4 %,
                  which walked the identity headers through an iterator and a name search for each; the identity
                  memo's hash look-up 0.3 %; the peer check 0.15 %), the request attributes 0.5 % (an iterator and
                  a callback per request around Tomcat's `setAttribute`, which itself fires the attribute
                  listeners), the session look-up 0.16 %, the per-context authenticator check 0.1 %. Fixed: the
                  one-value check reads the values array, the stages' own header names are found by reference,
                  each field name is compared with the identity header's lower-cased name, the request attributes
                  are set from arrays made once per identity, and a request without a session opens no seal
                  (userFiveGroupsMapped 86.7 to 80.1 ns on the same VM the same hour). After that the valve's own
                  frames were 2.3 %: the decision 1.5 % and Tomcat's `setAttribute` 0.27 %, the rest below 0.2 %
                  each. Per request the valve allocates about 280 bytes more than the floor (the two value
                  strings, the decision, the scan's record, the session plan, the request wrapper that marks a new
                  session, the visitor's step), all of it dead before the response leaves. Jetty's authenticator /
                  floor came to 0.989 and 1.005 in paired runs that day, the Tomcat valve / floor to 0.959 and
                  0.978: the decision alone is about 1.5 % of a request that costs the container 13 µs, so a
                  plugin that checks the peer, every header and the name grammar cannot reach 0.99 of a floor that
                  checks nothing while the decision stays at about 80 ns.
                - Profiling for the floor and store targets, a fifth time (async-profiler 4.1, `event=cpu` at
                  100 µs and at 1 ms: at 100 µs the profiler itself more than halved the servers' throughput, so
                  the Jetty figures here are from 1 ms over 40 s). Tomcat: the valve's own frames 2.3 % of the
                  server's samples against the floor valve's 0.6 %; of the difference, Tomcat's own calls that the
                  valve cannot leave out are 0.7 %: two session look-ups (before the decision, and after the
                  webapp for a session made past the request wrapper), each through
                  `StandardContext.getManager()`, which takes a read lock, 0.36 % together; and `setAttribute` for
                  the groups attribute (a `ConcurrentHashMap` put and the attribute listeners) 0.34 %. The core's
                  own part is the identity memo's look-up 0.46 %, the header scan 0.6 % (mostly Tomcat making the
                  two value strings; the floor's one `getHeader` is 0.5 %) and the peer check 0.1 %. Jetty: the
                  authenticator's own frames 1.45 % against the floor's 0.86 %. With 10,000 users instead of one
                  the identity memo's look-up grows to about 5 % of the server's samples and Jetty's
                  `setAttribute` to 2.4 %: every returning user's entry is a walk through memory the CPU caches no
                  longer hold. The cached stores cost about nothing per request between expiries, but the answers
                  of 10,000 users cached in the same second all run out together `userCacheTtl` (60 s) later: the
                  store is then asked 10,000 times within a few seconds, each look-up through the timed pool (two
                  thread hand-offs on a saturated core), and the one or two paired runs that meet such a wave lose
                  about 25 % of their throughput (0.77 and 0.80 against runs near 1.0 in the same set). That is
                  the cost of a 60 s cache of 10,000 users, not of a hit. Fixed on the way: requests that miss on
                  the same user while the store is asked for it now wait for that one answer, so a page's parallel
                  requests after a user's answer ran out cost the store one look-up and one of its 32 look-up
                  slots, not one each.
                - With 10,000 users every per-user object is out of the CPU caches when its user returns: the
                  identity memo's look-up (its hash table, the key's strings) and, until now, a second look-up in
                  the adapter's principal memo made most of the difference to 1 user (valve 10,000 users / Spring's
                  filter, which builds fresh objects from hot data every time: 0.859). The principal is now kept
                  beside the identity memo's entry, so a returning user costs one look-up (0.913 in paired runs).
                  What is left is that one look-up, a few cache misses per request; Spring's filter makes no
                  look-up and checks no peer, no repeated header, no lookalike and no name grammar.
                - `ScalingBenchmark` with `users=1` is a returning user: the identity memo answers, so the groups
                  cost only the hash and comparison of the raw header (until user and groups pass 16,384
                  characters). Each read of a header value is a new string there, as in a container, so the hash
                  is worked out on every request: a scalar loop on Java 17 (256 groups of 8 characters about 2 µs;
                  `wideReturningUser`, 256 groups of 29 characters, about 6.5 µs), vectorised from Java 21 (the
                  latter 0.7 µs on Java 25). Before, the memo took keys of at most 1,024 characters, so a user in
                  256 groups had every request parse, check, map and sort them (28 µs and 34 KB a request, against
                  83 ns with 5 groups); the memos now bound their estimated heap as well as their entries (32 MiB
                  each), so such users are remembered without letting 16,384 of them take hundreds of megabytes
                  (20,000 users in 256 groups retained 312 MB before, with the adapters' principal memos bounded by
                  entries only; the figure above is after). With `users=100000`
                  every request builds its identity and the memo evicts; those figures also pay CPU cache misses on
                  the 100,000 prepared request objects and their garbage collection, which a server's requests
                  (hot in cache, short-lived) do not, so read them for the growth with the groups, not as a
                  request's cost.
                - `returningUsers10000` and `cachedStoreHits10000` take 10,000 users in turn, so their state is not
                  in the CPU caches: closer to what the 10,000-user load runs pay than the one-user benchmarks.
                - The in-process sections measure what the paired wrk runs cannot resolve here (the floor against
                  itself reads 1 to 2 % away from 1 under wrk, and a few nanoseconds in process). Inside the
                  valve's share of a whole Tomcat request (async-profiler, in process): the header scan about 7 %
                  of the request (the two value strings included), the identity memo 2.4 %, Tomcat's
                  `setAttribute` for the groups 2.7 %, the session look-ups 1.5 % before the webapp and 1 % after.
                  Leaving single calls out of the floor with container calls, paired in one JVM: the session
                  look-ups about 10 ns, the groups attribute 8 to 33 ns, the request wrapper 7 to 50 ns, the peer
                  and the groups header 48 to 60 ns, so no one call carries the last tenth of a percent. One Jetty
                  JVM in three reads about 280 ns for the authenticator over the floor instead of about 100: over
                  separate 30 s JVMs of the authenticator alone, throughput moved from 4.6 to 6.8 million requests
                  while the authenticator's frames stayed at 7.3 to 8.5 % of the request thread, and the compiler
                  and collector threads took 16 to 20 % of the one core: how each JVM compiles and collects, not a
                  slower path in the plugin. Hence the median of several JVMs.
                """);
        return md.toString();
    }

    private static double paired(Map<String, Pair> pairs, String candidate, String baseline) {
        Pair pair = pairs.get(candidate + "/" + baseline);
        return pair == null ? Double.NaN : pair.median();
    }

    /**
     * One row of the targets table: the figure (three decimals, more when a miss would round onto the limit) and
     * whether it meets the limit ({@code atLeast}: at or above it, else at or below).
     */
    static void target(StringBuilder md, String what, double value, double limit, boolean atLeast) {
        boolean met = atLeast ? value >= limit : value <= limit;
        // a miss that three decimals would round onto the limit shows more, so that it does not read as met
        int decimals = 3;
        while (!met && decimals < 6 && String.format(Locale.ROOT, "%." + decimals + "f", value)
                .equals(String.format(Locale.ROOT, "%." + decimals + "f", limit))) {
            decimals++;
        }
        String format = value >= 1000 ? "%.0f" : "%." + decimals + "f";
        md.append(String.format(Locale.ROOT, "| %s | " + format + " | %s |%n", what, value,
                Double.isNaN(value) ? "not measured" : met ? "yes" : "**no**"));
    }

    /** A horizontal bar per variant: the median, with a line from the lowest to the highest round. */
    static void plot(Map<String, Load> loads, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int rowHeight = 28;
        int left = 260;
        int width = 900;
        int height = 60 + rowHeight * loads.size();
        double top = loads.values().stream().mapToDouble(Load::max).max().orElse(1) * 1.05;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString("requests/s (median of rounds; line: lowest to highest)", left, 20);
        int row = 0;
        for (Load load : loads.values()) {
            int y = 40 + row * rowHeight;
            int scale = width - left - 80;
            g.setColor(load.variant().matches("[bfgh]-.*")
                    ? new Color(0x2b6cb0) : new Color(0xa0aec0));
            g.fillRect(left, y, (int) (scale * load.median() / top), rowHeight - 10);
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2));
            int lo = left + (int) (scale * load.min() / top);
            int hi = left + (int) (scale * load.max() / top);
            g.drawLine(lo, y + (rowHeight - 10) / 2, hi, y + (rowHeight - 10) / 2);
            g.drawString(load.variant(), 10, y + 13);
            g.drawString(String.format(Locale.ROOT, "%.0f", load.median()), Math.max(hi, left) + 6, y + 13);
            row++;
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
