#!/usr/bin/env bash
# Frame fuzzing outside CI: the C++ fuzz sampler sends random frames (random lengths and fields,
# handles anywhere in and around the segment), each followed by a valid message, to a Java shmem
# receiver, which must drop every random frame and receive every valid message (FrameFuzzRun).
# Usage: scripts/fuzz-frames.sh [frames (default 1000000)] [seed (default 1)]
set -euo pipefail
cd "$(dirname "$0")/.."
frames="${1:-1000000}"
seed="${2:-1}"
[ -x build/interop-tests/fairmq-interop-device ] && ls java/target/fairmq-shmem-java-*-all.jar >/dev/null 2>&1 \
  || scripts/build.sh
bin/fairmq-java org.fairmq.interop.FrameFuzzRun --frames "$frames" --seed "$seed" \
  --device build/interop-tests/fairmq-interop-device
