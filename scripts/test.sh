#!/usr/bin/env bash
# Runs every test: C++ (ctest: native types and helpers, interop peers) and Java (JUnit: bindings,
# cross-language tests against the C++ peers). Sets the machine up first. Exit code != 0 on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
start=$(date +%s)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"${JOBS:-2}"
(cd build && ctest --output-on-failure -j1)
mvn -B verify
scripts/example.sh  # the library installed as a dependency, used by examples/shmem-receiver
echo "all tests passed in $(( $(date +%s) - start )) s"
