#!/usr/bin/env bash
# Server CPU per request of a real Tomcat distribution serving a static file: one context with the valve, one
# without (same files), measured in interleaved rounds (the order alternates), with the server pinned to core 1 and
# wrk to core 0 when there are two cores. Called by run.sh; writes OUT/static.csv (round, variant, requests, server
# CPU seconds). STATIC_ROUNDS (default 24), STATIC_DURATION (default 3s) per run, STATIC_WARMUP (default 20s) per
# context before the rounds: a fresh JVM on one core is still compiling the static-file path after 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p "$1" && OUT=$(cd "$1" && pwd)  # absolute: the context files' docBase is built from it
ROUNDS=${STATIC_ROUNDS:-24}
DURATION=${STATIC_DURATION:-3s}
WARMUP=${STATIC_WARMUP:-20s}
# few connections, so the server's CPU time follows its own work rather than queueing (on a 2-core VM it may still
# fill its core; CPU per request is the figure either way)
CONNECTIONS=${STATIC_CONNECTIONS:-4}
VERSION=$(grep -o '<tomcat11.version>[^<]*' pom.xml | cut -d'>' -f2)
DIR=$OUT/static
rm -rf "$DIR" && mkdir -p "$DIR"
mvn -B -q -ntp dependency:copy -Dartifact="org.apache.tomcat:tomcat:$VERSION:tar.gz" -DoutputDirectory="$DIR"
tar xzf "$DIR/tomcat-$VERSION.tar.gz" -C "$DIR"
CATALINA=$DIR/apache-tomcat-$VERSION
cp "$(ls tomcat-valve/target/remote-user-auth-tomcat-*.jar | grep -v original)" "$CATALINA/lib/"
sed -i 's/port="8080"/port="9201" address="127.0.0.1"/; s/port="8005"/port="9205"/' "$CATALINA/conf/server.xml"
mkdir -p "$CATALINA/site" "$CATALINA/conf/Catalina/localhost"
head -c 1024 /dev/zero | tr '\0' 'x' > "$CATALINA/site/index.html"
cat > "$CATALINA/conf/Catalina/localhost/with.xml" <<XML
<Context docBase="$CATALINA/site">
  <Valve className="dev.remoteuser.tomcat.RemoteUserValve" trustedProxies="127.0.0.1" groupsHeader="Remote-Groups"
         roleMapping="g1=role1;g2=role2"/>
</Context>
XML
echo "<Context docBase=\"$CATALINA/site\"/>" > "$CATALINA/conf/Catalina/localhost/without.xml"
cat > "$DIR/static.lua" <<'LUA'
wrk.headers["Remote-User"] = "user1"
wrk.headers["Remote-Groups"] = "g1,g3"
LUA

SERVER_CPU=() && CLIENT_CPU=()
if [[ $(nproc) -ge 2 ]] && command -v taskset >/dev/null; then SERVER_CPU=(taskset -c 1) && CLIENT_CPU=(taskset -c 0); fi
# catalina.sh run execs java, so this is the server's pid
"${SERVER_CPU[@]}" "$CATALINA/bin/catalina.sh" run > "$DIR/catalina.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf -o /dev/null http://127.0.0.1:9201/with/index.html && break; sleep 1; done
[[ $(curl -s -H 'Remote-User: user1' http://127.0.0.1:9201/with/index.html | wc -c) == 1024 ]] \
    || { cat "$DIR/catalina.log"; exit 1; }
grep -q 'remote-user-auth: ' "$DIR/catalina.log" || { echo "the valve did not start"; exit 1; }

TICKS=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
run() {  # context duration -> "requests cpu_seconds"
    local before after requests
    before=$(cpu)
    requests=$("${CLIENT_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"$2" -s "$DIR/static.lua" "http://127.0.0.1:9201/$1/index.html" \
        | awk '/requests in/ {print $1}')
    after=$(cpu)
    echo "$requests $(awk -v t="$((after - before))" -v hz="$TICKS" 'BEGIN {printf "%.2f", t / hz}')"
}
echo "benchmarks: Tomcat $VERSION static file, warm-up"
run with "$WARMUP" >/dev/null && run without "$WARMUP" >/dev/null
echo "round,variant,requests,cpu_seconds" > "$OUT/static.csv"
for round in $(seq 1 "$ROUNDS"); do
    order=(with without) && (( round % 2 == 0 )) && order=(without with)
    for variant in "${order[@]}"; do
        read -r requests seconds <<< "$(run "$variant" "$DURATION")"
        echo "$round,$variant,$requests,$seconds" >> "$OUT/static.csv"
    done
    echo "  round $round: $(tail -2 "$OUT/static.csv" | tr '\n' ' ')"
done
