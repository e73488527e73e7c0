#!/usr/bin/env bash
# Measures how long the Java monitor needs to clean up after a killed C++/Java topology: ten
# trials of SIGKILL under `fairmq-shmmonitor --self-destruct --timeout 1000`, the time from the
# kill to the last object removed, median and a transcript (also in java/target/monitor-latency.txt).
# Needs the C++ interop device (build/interop-tests, or FAIRMQ_INTEROP_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
interop="${FAIRMQ_INTEROP_DIR:-$PWD/build/interop-tests}"
mvn -q -B -pl java test -Dtest=CleanupLatencyMeasurementTest -Dfairmq.monitor.measure=true \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfairmq.interop.dir="$interop"
cat java/target/monitor-latency.txt
