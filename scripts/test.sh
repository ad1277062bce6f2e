#!/usr/bin/env bash
# Runs the whole test suite: every module's tests (Tomcat 10.1 and 11, Jetty 12.1 with ee10 and ee11), then the
# Jetty adapter recompiled and tested against Jetty 12.0. This is the command README.md shows and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify "$@"
mvn -B -ntp test -pl jetty-authenticator -am -Djetty12.0 "$@"
