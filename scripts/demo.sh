#!/usr/bin/env bash
# The demo: builds what it needs (Java 17+ and Maven 3.8+ are all it asks of the machine), then starts an embedded
# Tomcat (port 8081) and an embedded Jetty (port 8082) with remote-user-auth and prints the curl lines to try.
# Ports: ./scripts/demo.sh [TOMCAT_PORT [JETTY_PORT]]. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "demo: building (the first run downloads Tomcat, Jetty and Maven's plugins; later runs take seconds)..."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# one line per module as Maven reaches it, so a first run that downloads for a minute is seen to progress
if ! mvn -B -ntp -DskipTests package -pl demo -am < /dev/null 2>&1 | tee "$log" \
        | grep --line-buffered -E '^\[INFO\] Building remote-user-auth' \
        | sed -u 's/^\[INFO\] Building /demo: building /; s/ *$//'; then
    echo "demo: the build failed:" >&2
    grep -E '^\[ERROR\]' "$log" | head -20 >&2
    exit 1
fi
rm -f "$log"
trap - EXIT
exec java -jar demo/target/remote-user-auth-demo.jar "$@"
