#!/usr/bin/env bash
# Benchmarks (not part of the tests): JMH for the Java API, the same loops in C++ for comparison.
# Usage: scripts/bench.sh [JMH options, e.g. -prof gc or a benchmark name regex]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build.sh install
build/native/fairmq_shmem_allocate_bench
"${JAVA_HOME:+$JAVA_HOME/bin/}java" -Dorg.bytedeco.javacpp.cachedir="${TMPDIR:-/tmp}/fairmq-javacpp-bench" -jar benchmarks/target/benchmarks.jar "$@"
