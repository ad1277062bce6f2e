#!/usr/bin/env bash
# Runs the whole test suite: every module's unit tests (Tomcat 10.1 and 11, Jetty 12.1 with ee10 and ee11), the
# integration tests (real Tomcat and Jetty distributions behind nginx, in containers), then the Jetty adapter
# recompiled and tested against Jetty 12.0. This is the command README.md shows and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/test-env.sh
mvn -B -ntp verify "$@"
mvn -B -ntp test -pl jetty-authenticator -am -Djetty12.0 "$@"
