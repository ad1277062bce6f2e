#!/usr/bin/env bash
# Runs the whole test suite: unit tests of every module and, from the integration-tests module on, the
# integration tests. This is the command README.md shows and .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify "$@"
