#!/usr/bin/env bash
# Sets up, builds, and runs the demo topology of demo/topology.json on shared memory: a C++ sampler
# -> a Java processor -> a Java sink, watched by the Java monitor; prints rates, the segment's free
# memory, a summary, and checks that nothing is left in /dev/shm. Finishes by itself.
# (scripts/demo.sh --foundation runs the smaller Java/C++ object-sharing demo instead.)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh package
if [ "${1:-}" = "--foundation" ]; then
  shift
  exec bin/fairmq-java org.fairmq.demo.FoundationDemo --peer build/interop-tests/fairmq-interop-peer "$@"
fi
exec bin/fairmq-java org.fairmq.demo.TopologyDemo --config demo/topology.json \
  --cpp-device build/interop-tests/fairmq-interop-device "$@"
