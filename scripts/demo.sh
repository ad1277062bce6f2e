#!/usr/bin/env bash
# The demo: builds what it needs (Java 17+ and Maven 3.8+ are all it asks of the machine), then starts an embedded
# Tomcat (port 8081) and an embedded Jetty (port 8082) with remote-user-auth and prints the curl lines to try.
# Ports: ./scripts/demo.sh [TOMCAT_PORT [JETTY_PORT]]. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "demo: building (the first run downloads Tomcat, Jetty and Maven's plugins; later runs take seconds)..."
mvn -B -q -ntp -DskipTests package -pl demo -am
exec java -jar demo/target/remote-user-auth-demo.jar "$@"
