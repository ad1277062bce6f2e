#!/usr/bin/env bash
# Starts the demo: embedded Tomcat and Jetty with the plugin, and the curl lines to try.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "The demo is not built yet; ./scripts/test.sh runs the product in embedded and real Tomcat and Jetty." >&2
exit 1
