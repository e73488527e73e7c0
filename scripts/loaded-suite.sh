#!/usr/bin/env bash
# Runs the whole test suite (scripts/test.sh) several times in a row with two CPU-burning processes
# beside it, as a loaded CI machine would be: tests must wait for events, never for fixed sleeps.
# Usage: scripts/loaded-suite.sh [runs (default 3)] [log directory (default build/loaded-suite)]
# Exit code 0 only if every run passed. The hogs end with this script.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
logs="${2:-build/loaded-suite}"
mkdir -p "$logs"

hogs=()
stop_hogs() { for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_hogs EXIT
for _ in 1 2; do
  sh -c 'while :; do :; done' &
  hogs+=($!)
done
echo "loaded suite: ${#hogs[@]} CPU hogs (pids ${hogs[*]}) on $(nproc) cores; $runs runs; logs in $logs"

passed=0
for run in $(seq 1 "$runs"); do
  start=$(date +%s)
  if scripts/test.sh >"$logs/run-$run.log" 2>&1; then
    result=passed
    passed=$((passed + 1))
  else
    result=FAILED
  fi
  tests=$(grep -E "^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures" "$logs/run-$run.log" | tail -n 1)
  echo "run $run: $result in $(( $(date +%s) - start )) s, load $(cut -d' ' -f1-3 /proc/loadavg); ${tests:-no JUnit summary}"
  grep -E "tests passed|tests failed out of" "$logs/run-$run.log" | sed 's/^/  ctest: /'
done
echo "loaded suite: $passed/$runs runs passed"
[ "$passed" -eq "$runs" ]
