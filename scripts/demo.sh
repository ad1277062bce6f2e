#!/usr/bin/env bash
# Starts the demo: embedded Tomcat and Jetty with the plugin, and the curl lines to try.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "The demo arrives with the Tomcat and Jetty adapters; until then run ./scripts/test.sh." >&2
exit 1
