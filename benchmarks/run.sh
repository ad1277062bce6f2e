#!/usr/bin/env bash
# Runs every benchmark and writes docs/benchmarks.md and docs/benchmarks.png. Not part of the test suite.
#   STATIC_ROUNDS (default 24), STATIC_DURATION (default 3s) and STATIC_WARMUP (default 20s) for the real Tomcat
#   distribution's static-file runs.
#   ROUNDS (default 5), DURATION per wrk run (default 5s), CONNECTIONS (default 32), JMH_ARGS (extra JMH options),
#   PAIRS (default 24) and PAIR_DURATION (default 2s) for the paired ratio runs. IN_PROCESS_FORKS (default 3) JVMs
#   per container for the in-process paired Tomcat and Jetty requests.
#   PARTS=core re-runs only the JMH benchmarks, the in-process pairs and the memory footprint (about 25 minutes),
#   keeping the load, paired and static-file results of the last full run in benchmarks/target/results; the report
#   says when each was taken. A full run takes about 55 minutes on 2 cores.
# Needs Java 17+, Maven and wrk (installed with apt-get when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5s}
PAIRS=${PAIRS:-24}
PAIR_DURATION=${PAIR_DURATION:-2s}
CONNECTIONS=${CONNECTIONS:-32}
PARTS=${PARTS:-all}
IN_PROCESS_FORKS=${IN_PROCESS_FORKS:-3}
[[ $PARTS == all || $PARTS == core ]] || { echo "benchmarks: PARTS must be all or core, not '$PARTS'" >&2; exit 2; }
OUT=benchmarks/target/results
JAR=benchmarks/target/benchmarks.jar
JMH_BENCHMARKS='CoreDecisionBenchmark|ScalingBenchmark|WholeRequestBenchmark'
# how environment.txt describes the JMH and in-process runs, in a full run and in PARTS=core alike
JMH_LINE="jmh:         java -jar $JAR '$JMH_BENCHMARKS' -prof gc -rf json ${JMH_ARGS:-}"
IN_PROCESS_LINE="in process:  java -cp $JAR dev.remoteuser.bench.InProcessPairs tomcat|jetty <file>, in $IN_PROCESS_FORKS JVMs per container, pinned to core 1 like the servers"

if ! command -v wrk >/dev/null; then
    echo "benchmarks: installing wrk"
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
mvn -B -q -ntp -DskipTests package -pl benchmarks -am
if [[ $PARTS == core ]]; then
    [[ -f $OUT/pairs.csv && -f $OUT/static.csv ]] \
        || { echo "benchmarks: PARTS=core needs the results of a full run in $OUT" >&2; exit 1; }
    echo "core again:  $(date -u +%Y-%m-%dT%H:%MZ): JMH, in-process pairs and memory re-run (PARTS=core); load, ratios and static from the date above" \
        >> "$OUT/environment.txt"
    # the commands of this run, replacing those of the last one (older runs measured other things in process)
    sed -i -e '/^in process:/d' -e '/^jmh:/d' "$OUT/environment.txt"
    printf '%s\n%s\n' "$JMH_LINE" "$IN_PROCESS_LINE" >> "$OUT/environment.txt"
else
rm -rf "$OUT" && mkdir -p "$OUT"
{
    echo "date:        $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
    echo "memory:      $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo "os:          $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "java:        $(java -version 2>&1 | head -1)"
    echo "wrk:         $(wrk -v 2>&1 | head -1)"
    echo "versions:    $(grep -o '<tomcat.version>[^<]*' pom.xml | cut -d'>' -f2) (Tomcat), $(grep -o '<jetty.version>[^<]*' pom.xml | cut -d'>' -f2) (Jetty), $(grep -o '<spring.security.version>[^<]*' benchmarks/pom.xml | cut -d'>' -f2) (Spring Security), JMH 1.37"
    echo "$JMH_LINE"
    echo "$IN_PROCESS_LINE"
    echo "load:        wrk -t1 -c$CONNECTIONS -d$DURATION -s <script> http://127.0.0.1:<port>/, $ROUNDS rounds, one 8 s warm-up run per variant first"
    echo "ratios:      per pair, $PAIRS runs of the candidate each between two runs of the baseline (wrk -d$PAIR_DURATION, alternating); ratio = candidate / mean of its two neighbours, for requests/s and for server CPU per request (/proc/PID/stat)"
    echo "static:      benchmarks/tomcat-static.sh: Tomcat $(grep -o '<tomcat11.version>[^<]*' pom.xml | cut -d'>' -f2) distribution, ${STATIC_ROUNDS:-24} interleaved rounds of wrk -d${STATIC_DURATION:-3s} after ${STATIC_WARMUP:-20s} of warm-up per context"
    echo "memory:      java -Xmx2g -cp $JAR dev.remoteuser.bench.MemoryFootprint"
    echo "servers:     java -Xmx1g -cp $JAR dev.remoteuser.bench.LoadServers (one JVM, all variants); servers pinned to core 1 and wrk to core 0 with taskset when there are 2+ cores"
} > "$OUT/environment.txt"
fi

echo "benchmarks: JMH"
# shellcheck disable=SC2086
java -jar "$JAR" "$JMH_BENCHMARKS" -prof gc -rf json -rff "$OUT/jmh.json" ${JMH_ARGS:-} | tee "$OUT/jmh.txt" \
    | grep -E "^(Core|Scaling|WholeRequest)|Benchmark" || true

echo "benchmarks: whole Tomcat and Jetty requests in process, paired"
rm -f "$OUT"/inprocess-*.txt "$OUT"/inprocess-*.log
IN_PROCESS_CPU=()
if [[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null; then IN_PROCESS_CPU=(taskset -c 1); fi
for fork in $(seq 1 "$IN_PROCESS_FORKS"); do
    for container in tomcat jetty; do
        "${IN_PROCESS_CPU[@]}" java -cp "$JAR" dev.remoteuser.bench.InProcessPairs "$container" \
            "$OUT/inprocess-$container-$fork.txt" > "$OUT/inprocess-$container-$fork.log" 2>&1 \
            || { cat "$OUT/inprocess-$container-$fork.log"; exit 1; }
        grep 'ns per request' "$OUT/inprocess-$container-$fork.log"
    done
done

if [[ $PARTS == all ]]; then
# (not indented: the block holds here-documents)
java -cp "$JAR" dev.remoteuser.bench.WrkScripts "$OUT"
# With two or more cores the servers get core 1 and wrk core 0, so the load generator does not steal the servers' CPU.
SERVER_CPU=() && CLIENT_CPU=()
if [[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null; then SERVER_CPU=(taskset -c 1) && CLIENT_CPU=(taskset -c 0); fi
"${SERVER_CPU[@]}" java -Xmx1g -cp "$JAR" dev.remoteuser.bench.LoadServers > "$OUT/servers.log" 2>&1 &
SERVERS=$!
trap 'kill $SERVERS 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q '^ready' "$OUT/servers.log" && break; sleep 1; done
grep -q '^ready' "$OUT/servers.log" || { cat "$OUT/servers.log"; exit 1; }

# variant port script expected-body
cat > "$OUT/variants.txt" <<'VARIANTS'
a-tomcat-none-1 9101 headers-1 ok null false
b-tomcat-valve-1 9102 headers-1 ok user1 true
b-tomcat-valve-10000 9102 headers-10000 ok user1 true
c-tomcat-spring-1 9103 headers-1 ok user1 true
c-tomcat-spring-10000 9103 headers-10000 ok user1 true
d-tomcat-basic-1 9104 basic-1 ok user1 true
d-tomcat-basic-10000 9104 basic-10000 ok user1 true
g-tomcat-valve-store-10000 9107 headers-10000 ok user1 true
i-tomcat-floor-1 9109 headers-1 ok user1 true
e-jetty-none-1 9105 headers-1 ok null false
f-jetty-authenticator-1 9106 headers-1 ok user1 true
f-jetty-authenticator-10000 9106 headers-10000 ok user1 true
h-jetty-authenticator-store-10000 9108 headers-10000 ok user1 true
j-jetty-floor-1 9110 headers-1 ok user1 true
k-tomcat-floor-calls-1 9111 headers-1 ok user1 true
l-jetty-floor-calls-1 9112 headers-1 ok user1 true
VARIANTS

echo "benchmarks: checking that every variant authenticates"
while read -r name port script expected; do
    if [[ $script == basic-* ]]; then
        body=$(curl -s -u user1:pw "http://127.0.0.1:$port/")
    else
        body=$(curl -s -H 'Remote-User: user1' -H 'Remote-Groups: g1,g3' "http://127.0.0.1:$port/")
    fi
    [[ $body == "$expected" ]] || { echo "$name answered '$body', expected '$expected'"; exit 1; }
done < "$OUT/variants.txt"

TICKS=$(getconf CLK_TCK)
server_ticks() { awk '{print $14 + $15}' "/proc/$SERVERS/stat"; }
run() {  # port duration script -> "requests/s non-2xx server-CPU-µs-per-request"
    local before after
    before=$(server_ticks)
    "${CLIENT_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"$2" -s "$OUT/$3.lua" "http://127.0.0.1:$1/" > "$OUT/wrk.txt"
    after=$(server_ticks)
    echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt") $(awk '/Non-2xx/ {print $NF}' "$OUT/wrk.txt" | grep . || echo 0)" \
        "$(awk -v t="$((after - before))" -v hz="$TICKS" '/requests in/ {printf "%.3f", t / hz * 1e6 / $1}' "$OUT/wrk.txt")"
}
echo "benchmarks: warm-up"
while read -r name port script _; do run "$port" 8s "$script" >/dev/null; done < "$OUT/variants.txt"
echo "round,variant,requests_per_second,non_2xx" > "$OUT/load.csv"
for round in $(seq 1 "$ROUNDS"); do
    echo "benchmarks: round $round of $ROUNDS"
    shuf "$OUT/variants.txt" | while read -r name port script _; do
        read -r rps failures _ <<< "$(run "$port" "$DURATION" "$script")"
        echo "$round,$name,$rps,${failures:-0}" >> "$OUT/load.csv"
        printf '  %-36s %10s req/s\n' "$name" "$rps"
    done
done

# Paired ratios: drift on a shared VM is slow next to a 2 s run, so comparing each candidate run with the baseline
# runs just before and after it cancels most of it. pair candidate baseline
cat > "$OUT/pairs.txt" <<'PAIRS'
b-tomcat-valve-1 a-tomcat-none-1
f-jetty-authenticator-1 e-jetty-none-1
b-tomcat-valve-1 c-tomcat-spring-1
b-tomcat-valve-10000 c-tomcat-spring-10000
g-tomcat-valve-store-10000 b-tomcat-valve-10000
h-jetty-authenticator-store-10000 f-jetty-authenticator-10000
i-tomcat-floor-1 a-tomcat-none-1
b-tomcat-valve-1 i-tomcat-floor-1
j-jetty-floor-1 e-jetty-none-1
f-jetty-authenticator-1 j-jetty-floor-1
i-tomcat-floor-1 i-tomcat-floor-1
k-tomcat-floor-calls-1 i-tomcat-floor-1
b-tomcat-valve-1 k-tomcat-floor-calls-1
j-jetty-floor-1 j-jetty-floor-1
l-jetty-floor-calls-1 j-jetty-floor-1
f-jetty-authenticator-1 l-jetty-floor-calls-1
PAIRS
variant() { grep "^$1 " "$OUT/variants.txt" | cut -d' ' -f2,3; }
echo "candidate,baseline,run,candidate_rps,baseline_before,baseline_after,non_2xx,candidate_cpu_us,baseline_before_cpu_us,baseline_after_cpu_us" > "$OUT/pairs.csv"
while read -r candidate baseline; do
    echo "benchmarks: paired $candidate / $baseline"
    read -r cport cscript <<< "$(variant "$candidate")"
    read -r bport bscript <<< "$(variant "$baseline")"
    run "$bport" 3s "$bscript" >/dev/null && run "$cport" 3s "$cscript" >/dev/null
    read -r before _ before_cpu <<< "$(run "$bport" "$PAIR_DURATION" "$bscript")"
    for i in $(seq 1 "$PAIRS"); do
        read -r rate cfail cpu <<< "$(run "$cport" "$PAIR_DURATION" "$cscript")"
        read -r after bfail after_cpu <<< "$(run "$bport" "$PAIR_DURATION" "$bscript")"
        echo "$candidate,$baseline,$i,$rate,$before,$after,$(( ${cfail:-0} + ${bfail:-0} )),$cpu,$before_cpu,$after_cpu" >> "$OUT/pairs.csv"
        before=$after && before_cpu=$after_cpu
    done
done < "$OUT/pairs.txt"

kill $SERVERS 2>/dev/null || true
wait $SERVERS 2>/dev/null || true
fi
echo "benchmarks: 100,000 users"
java -Xmx2g -cp "$JAR" dev.remoteuser.bench.MemoryFootprint "$OUT/memory.txt"
if [[ $PARTS == all ]]; then benchmarks/tomcat-static.sh "$OUT"; fi

java -cp "$JAR" dev.remoteuser.bench.Report "$OUT" docs/benchmarks.md docs/benchmarks.png
echo "benchmarks: wrote docs/benchmarks.md and docs/benchmarks.png"
