#!/usr/bin/env bash
# Sets up, builds, and runs the demo: a Java process and a C++ process sharing one segment,
# device counter, control queue, named mutex and region.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
scripts/build.sh package
exec bin/fairmq-java org.fairmq.shm.demo.FoundationDemo --peer build/interop-tests/fairmq-interop-peer "$@"
