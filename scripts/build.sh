#!/usr/bin/env bash
# Builds the C++ side (native tests, interop peers) with CMake and the Java side with Maven.
# Usage: scripts/build.sh [extra maven goals/options]   (default: package without tests)
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/build-jdk.sh
source scripts/build-jdk.sh # Maven on the newest JDK: the jar then carries the JDK 22+ classes
jobs=${JOBS:-2}
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
mvn -B -q -DskipTests "${@:-package}"
