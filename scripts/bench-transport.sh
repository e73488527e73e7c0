#!/usr/bin/env bash
# Transport throughput on this machine (a benchmark, not a test; not run by CI): msg/s and GB/s of
# push/pull with fresh messages and untouched payloads, for Java->Java, Java->C++, C++->Java and
# C++->C++ over shmem and Java->Java (and, for reference, C++->C++) over zeromq, at 1 KiB, 64 KiB,
# 1 MiB and 16 MiB, plus the raw libzmq rate of 32-byte frames (the ceiling of one metadata frame
# per message), with the CPU time per message of each side. Every run is two
# processes over ipc://; the receiver's rate is reported (see TransportThroughput.java and
# fairmq-interop-device --bench for the rules). Writes a table (stdout and table.txt), a CSV and,
# with gnuplot, a PNG chart into the output directory.
#
# Usage: scripts/bench-transport.sh [--seconds 3] [--warmup-ms 500] [--repeat 1]
#            [--sizes "1024 65536 1048576 16777216"] [--segment-size 2000000000]
#            [--out build/bench-transport] [--no-build]
# Needs gnuplot for the chart (installed with apt-get when missing and possible; else no chart).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=3
warmup_ms=500
repeat=1
sizes="1024 65536 1048576 16777216"
out=build/bench-transport
segment_size=2000000000
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --warmup-ms) warmup_ms=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --segment-size) segment_size=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) echo "usage: $0 [--seconds s] [--warmup-ms ms] [--repeat n] [--sizes \"b ...\"] [--segment-size b] [--out dir]" \
         "[--no-build]" >&2
       exit 2 ;;
  esac
done

device=build/interop-tests/fairmq-interop-device
frames=build/native/fairmq_zmq_frame_bench
jar=benchmarks/target/benchmarks.jar
if [ "$build" = 1 ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"${JOBS:-2}" --target fairmq-interop-device fairmq_zmq_frame_bench >/dev/null
  mvn -B -q -DskipTests package -pl benchmarks -am
fi
for f in "$device" "$frames" "$jar"; do
  [ -e "$f" ] || { echo "bench-transport: $f is missing (run without --no-build)" >&2; exit 1; }
done

mkdir -p "$out"
logs="$out/logs"
rm -rf "$logs" && mkdir -p "$logs"
run_prefix="fmqbench_tp_$$_"
java_cmd=("${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED
  "-Dorg.bytedeco.javacpp.cachedir=${TMPDIR:-/tmp}/fairmq-javacpp-bench" -cp "$jar"
  org.fairmq.bench.TransportThroughput)

children=()
cleanup() {
  for pid in "${children[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  rm -f /dev/shm/*"$run_prefix"* /tmp/"$run_prefix"*.ipc
}
trap cleanup EXIT

# zeromq payloads are copied into frames that queue in both HWMs: keep in-flight memory bounded.
zmq_hwm() { local h=$(( (256 << 20) / $1 )); [ "$h" -gt 1000 ] && h=1000; [ "$h" -lt 4 ] && h=4; echo "$h"; }

# side <lang> <role> <transport> <size> <endpoint> <prefix>: sets cmd to the command of one side
side() {
  local lang=$1 role=$2 transport=$3 size=$4 endpoint=$5 prefix=$6
  if [ "$lang" = java ]; then
    cmd=("${java_cmd[@]}" "$role" --endpoint "$endpoint" --transport "$transport" --size "$size"
      --prefix "$prefix" --segment-size "$segment_size")
  elif [ "$lang" = cpp ]; then
    cmd=("$device" --role "$role" --bench --endpoint "$endpoint" --transport "$transport" --size "$size"
      --prefix "$prefix" --segment-size "$segment_size")
    if [ "$role" = push ]; then cmd+=(--num-msgs 1000000000000000); fi
  else
    cmd=("$frames" "$role" "$endpoint")
  fi
  if [ "$lang" != raw ] && [ "$transport" = zeromq ]; then cmd+=(--hwm "$(zmq_hwm "$size")"); fi
  cmd+=(--warmup-ms "$warmup_ms")
  if [ "$role" = push ]; then
    cmd+=(--duration-ms $((seconds * 1000)))
    # libzmq 4.3 can drop the tail of an ipc stream when the sender closes while its receiver lags,
    # linger notwithstanding (libzmq issue #4660): senders hold their socket open until the
    # receiver is done (then SIGTERM, see cell) and linger in case
    cmd+=(--hold-ms 60000)
    if [ "$lang" != raw ]; then cmd+=(--linger-ms 60000); fi
  fi
}

# cell <name> <from> <to> <transport> <size> <n>: one run; appends to raw.csv the receiver's and the
# sender's msgs,seconds,cpu_seconds (all 0 for a failed run)
cell() {
  local name=$1 from=$2 to=$3 transport=$4 size=$5 n=$6
  local tag="${name//[^A-Za-z0-9]/}_${size}_$n"
  local prefix="${run_prefix}${tag}_" endpoint="ipc:///tmp/${run_prefix}${tag}.ipc"
  local rlog="$logs/$tag.pull" slog="$logs/$tag.push"
  side "$to" pull "$transport" "$size" "$endpoint" "$prefix"
  timeout 120 "${cmd[@]}" >"$rlog" 2>&1 &
  local receiver=$!
  children=("$receiver")
  for _ in $(seq 200); do grep -q READY "$rlog" 2>/dev/null && break; sleep 0.1; done
  side "$from" push "$transport" "$size" "$endpoint" "$prefix"
  timeout 120 "${cmd[@]}" >"$slog" 2>&1 &
  local sender=$!
  children=("$receiver" "$sender")
  wait "$receiver" || true
  kill -TERM "$sender" 2>/dev/null || true  # timeout passes it on: the sender closes cleanly
  wait "$sender" || true
  children=()
  rm -f /dev/shm/sem."$prefix"mutex /tmp/"$run_prefix$tag".ipc
  local rate sent pattern='s/^RATE msgs=\([0-9]*\) seconds=\([0-9.]*\) cpu_seconds=\([0-9.]*\)$/\1,\2,\3/p'
  rate=$(sed -n "$pattern" "$rlog" | tail -1)
  sent=$(sed -n "$pattern" "$slog" | tail -1)
  if [ -z "$rate" ] || [ -z "$sent" ]; then
    echo "bench-transport: no RATE from $name at $size bytes (logs: $rlog, $slog)" >&2
    rate="0,0,0" sent="0,0,0"
  fi
  echo "$name,$size,$rate,$sent" >>"$raw"
  printf '  %-36s %9s B  run %d: %s\n' "$name" "$size" "$n" \
    "$(awk -F, -v s="$size" '{ if ($2 > 0) printf "%.0f msg/s, %.3f GB/s", $1/$2, $1*s/$2/1e9 }' <<<"$rate")" >&2
}

paths=("Java->Java shmem|java|java|shmem" "Java->C++ shmem|java|cpp|shmem" "C++->Java shmem|cpp|java|shmem"
  "C++->C++ shmem|cpp|cpp|shmem" "Java->Java zeromq|java|java|zeromq" "C++->C++ zeromq|cpp|cpp|zeromq")
raw="$out/raw.csv"
echo "path,size,rx_msgs,rx_seconds,rx_cpu_seconds,tx_msgs,tx_seconds,tx_cpu_seconds" >"$raw"
load_before=$(uptime)
echo "bench-transport: $(nproc) cores; load before: ${load_before##*load average: }; ${seconds} s per run (${warmup_ms} ms warm-up), $repeat run(s) per cell" >&2
for n in $(seq "$repeat"); do
  cell "libzmq 32 B frames" raw raw zmq 32 "$n"
  for size in $sizes; do
    for p in "${paths[@]}"; do
      IFS='|' read -r name from to transport <<<"$p"
      cell "$name" "$from" "$to" "$transport" "$size" "$n"
    done
  done
done
load_after=$(uptime)

# Median (and spread) of the runs that produced a rate, per path and size; failed runs are counted
# apart. Ratio: msg/s over C++->C++ shmem at the same size.
csv="$out/transport-throughput.csv"
awk -F, 'function median(key, arr, m,   a, b, t) {
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++) if (arr[key, b] < arr[key, a]) { t = arr[key, a]; arr[key, a] = arr[key, b]; arr[key, b] = t }
      return m == 0 ? 0 : ((m % 2) ? arr[key, (m + 1) / 2] : (arr[key, m / 2] + arr[key, m / 2 + 1]) / 2)
    }
  NR > 1 { key = $1 "," $2; if (!(key in seen)) { seen[key] = 1; order[++k] = key }
    if ($4 > 0 && $3 > 0 && $6 > 0) { i = ++n[key]; v[key, i] = $3 / $4; rx[key, i] = $5 / $3 * 1e6; tx[key, i] = $8 / $6 * 1e6 }
    else failed[key]++ }
  END {
    for (i = 1; i <= k; i++) {
      key = order[i]; m = n[key] + 0
      med = median(key, v, m)
      print key "," m "," failed[key] + 0 "," med "," (m ? v[key, 1] : 0) "," (m ? v[key, m] : 0) "," median(key, tx, m) "," median(key, rx, m)
    }
  }' "$raw" >"$out/medians.tmp"
awk -F, 'FNR == NR { if ($1 == "C++->C++ shmem") base[$2] = $5; next }
  BEGIN { print "path,size_bytes,runs_ok,runs_failed,msg_per_s_median,msg_per_s_min,msg_per_s_max,gb_per_s_median,ratio_to_cpp_cpp_shmem,sender_cpu_us_per_msg,receiver_cpu_us_per_msg" }
  { ratio = ($2 in base && base[$2] > 0 && $5 > 0) ? sprintf("%.3f", $5 / base[$2]) : ""
    printf "%s,%s,%s,%s,%.0f,%.0f,%.0f,%.4f,%s,%.3f,%.3f\n", $1, $2, $3, $4, $5, $6, $7, $5 * $2 / 1e9, ratio, $8, $9 }' \
  "$out/medians.tmp" "$out/medians.tmp" >"$csv"
rm -f "$out/medians.tmp"

{
  echo "Transport throughput, push/pull over ipc://, fresh messages, payload untouched (receiver's rate,"
  echo "median of $repeat run(s) of ${seconds} s each minus ${warmup_ms} ms warm-up; GB/s = 10^9 bytes/s;"
  echo "main segment $segment_size bytes)"
  echo "machine: $(nproc) cores, $(uname -r); load before: ${load_before##*load average: }; after: ${load_after##*load average: }"
  echo
  awk -F, -v sizes="$sizes" 'NR > 1 { ok[$1, $2] = $3; bad[$1, $2] = $4; rate[$1, $2] = $5; gbs[$1, $2] = $8; ratio[$1, $2] = $9
      txcpu[$1, $2] = $10; rxcpu[$1, $2] = $11
      if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
    function human(b) { return b >= 1048576 ? b / 1048576 " MiB" : (b >= 1024 ? b / 1024 " KiB" : b " B") }
    function si(x) { return x >= 1e6 ? sprintf("%.2f M", x / 1e6) : (x >= 1e4 ? sprintf("%.0f k", x / 1e3) : sprintf("%.0f", x)) }
    function cell(p, b) {
      if (ok[p, b] == 0) return "failed"
      return sprintf("%s (%.2f)%s", si(rate[p, b]), gbs[p, b], bad[p, b] > 0 ? " " bad[p, b] "x failed" : "")
    }
    END {
      ns = split(sizes, s, " ")
      printf "%-36s", "msg/s (GB/s)"; for (j = 1; j <= ns; j++) printf " | %-22s", human(s[j]); print ""
      printf "%-36s", "------------------------------------"; for (j = 1; j <= ns; j++) printf " | %-22s", "----------------------"; print ""
      for (i = 1; i <= k; i++) {
        p = order[i]; if (p ~ /^libzmq/) continue
        printf "%-36s", p; for (j = 1; j <= ns; j++) printf " | %-22s", cell(p, s[j]); print ""
      }
      print ""
      printf "%-36s", "ratio (msg/s)"; for (j = 1; j <= ns; j++) printf " | %-22s", human(s[j]); print ""
      for (i = 1; i <= k; i++) {
        p = order[i]; if (p !~ /Java/) continue
        printf "%-36s", p " / C++->C++ shmem"; for (j = 1; j <= ns; j++) printf " | %-22s", ratio[p, s[j]]; print ""
      }
      if (("Java->Java zeromq", s[1]) in rate && ("C++->C++ zeromq", s[1]) in rate) {
        printf "%-36s", "Java->Java zeromq / C++->C++ zeromq"
        for (j = 1; j <= ns; j++) {
          b = rate["C++->C++ zeromq", s[j]]
          printf " | %-22s", (b > 0 && rate["Java->Java zeromq", s[j]] > 0) ? sprintf("%.3f", rate["Java->Java zeromq", s[j]] / b) : ""
        }
        print ""
      }
      print ""
      printf "%-36s", "CPU us/msg, sender + receiver"; for (j = 1; j <= ns; j++) printf " | %-22s", human(s[j]); print ""
      for (i = 1; i <= k; i++) {
        p = order[i]; if (p ~ /^libzmq/) continue
        printf "%-36s", p
        for (j = 1; j <= ns; j++) printf " | %-22s", ok[p, s[j]] ? sprintf("%.2f + %.2f", txcpu[p, s[j]], rxcpu[p, s[j]]) : "failed"
        print ""
      }
      print ""
      for (i = 1; i <= k; i++) if (order[i] ~ /^libzmq/) printf "%s over ipc (ceiling of one frame per message): %s msg/s (%s run(s), %s failed)\n", order[i], si(rate[order[i], 32]), ok[order[i], 32], bad[order[i], 32]
    }' "$csv"
} | tee "$out/table.txt"

if ! command -v gnuplot >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "bench-transport: installing gnuplot-nox for the chart" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gnuplot-nox >/dev/null 2>&1 || true
fi
if command -v gnuplot >/dev/null; then
  rates="" gbs="" lt=0
  for p in "${paths[@]}"; do
    lt=$((lt + 1))
    name=${p%%|*}
    dat="$out/${name//[^A-Za-z0-9]/}.dat"
    awk -F, -v p="$name" '$1 == p && $5 > 0 { print $2, $5, $8 }' "$csv" >"$dat"
    rates+=", '$dat' using 1:2 with linespoints lt $lt lw 2 pt 7 title '$name'"
    gbs+=", '$dat' using 1:3 with linespoints lt $lt lw 2 pt 7 title '$name'"
  done
  ceiling=$(awk -F, '$1 ~ /^libzmq/ && $5 > 0 { print $5 }' "$csv")
  {
    echo "set terminal pngcairo size 1200,520 noenhanced font ',10'"
    echo "set output '$out/transport-throughput.png'"
    echo "set multiplot layout 1,2 title 'push/pull over ipc, fresh messages, payload untouched" \
      "($(nproc) cores, load ${load_before##*load average: })'"
    echo "set logscale xy; set grid; set xlabel 'message size'; set xrange [700:24000000]"
    echo "set xtics ('1 KiB' 1024, '64 KiB' 65536, '1 MiB' 1048576, '16 MiB' 16777216)"
    echo "set key bottom left; set ylabel 'messages per second'"
    echo "plot ${ceiling:-1} lw 2 dt 2 lc rgb 'gray' title 'libzmq 32 B frames'$rates"
    echo "set key top left; set ylabel 'GB/s (10^9 bytes per second)'"
    echo "plot ${gbs#, }"
    echo "unset multiplot"
  } >"$out/chart.gp"
  gnuplot "$out/chart.gp" && rm -f "$out"/*.dat
  echo "chart: $out/transport-throughput.png" >&2
else
  echo "bench-transport: gnuplot not found, no chart (apt-get install gnuplot-nox)" >&2
fi
echo "csv: $csv; table: $out/table.txt; logs: $logs" >&2
left=$(ls /dev/shm | grep -c "$run_prefix" || true)
[ "$left" = 0 ] || echo "bench-transport: $left objects of $run_prefix left in /dev/shm" >&2
