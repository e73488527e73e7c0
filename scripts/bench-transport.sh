#!/usr/bin/env bash
# The transport comparison on this machine in one command (a benchmark, not a test; not run by CI).
#
# Throughput: msg/s, GB/s and CPU time per message of push/pull with fresh messages and untouched
# payloads, over ipc:// and tcp://127.0.0.1, at 1 KiB, 64 KiB, 1 MiB and 16 MiB, for every direction
# (Java->Java, Java->C++, C++->Java, C++->C++) on the shmem and the zeromq transport, and the raw
# libzmq rate of 32-byte frames (the ceiling of one MetaHeader per message) and of 1 KiB frames
# (the ceiling of the zeromq transport at 1 KiB). The receiver's rate is reported (see
# TransportThroughput.java and fairmq-interop-device --bench for the rules).
# Transport shmem-v110 (not in the default --transports, so results keep their meaning) is shmem on
# the FairMQ v1.10 protocol (/work/shared/PROTOCOL-V110.md): the Java side with --shm-protocol 1.10,
# the C++ side fairmq-interop-device-v110, both in the session named after the cell's prefix; its
# ratios are to its own C++->C++ cell.
# Latency: round trips of 1 KiB at a fixed rate (ping -> pong -> ping over two push/pull channels,
# measured from the intended send time), p50 / p99 / p99.9 / max, for the same directions, transports
# and endpoints (see TransportLatency.java and fairmq-interop-device --role ping).
#
# Every cell of the matrix runs --repeat times, interleaved (each round sweeps the whole matrix), and
# the report shows medians. Output in --out: table.txt (throughput, ratios, CPU, ceilings, latency),
# latency-table.txt, transport-throughput.csv, transport-latency.csv, raw.csv and latency-raw.csv
# (every run), run.txt (parameters, load before/after, duration), transport-throughput.png
# (gnuplot), logs/. scripts/bench-transport-report.sh <out> redoes the report from the raw files.
#
# Usage: scripts/bench-transport.sh [--seconds 3] [--warmup-ms 500] [--repeat 1]
#          [--sizes "1024 65536 1048576 16777216"] [--endpoints "ipc tcp"] [--transports "shmem zeromq"] (also shmem-v110)
#          [--paths "java-java java-cpp cpp-java cpp-cpp"] [--segment-size 2000000000]
#          [--no-latency | --no-throughput] [--latency-rate 10000] [--latency-seconds 5]
#          [--latency-size 1024] [--latency-warmup-ms 1000] [--out build/bench-transport] [--no-build]
# A path is <sender>-<receiver> (for latency <ping>-<pong>). Needs gnuplot for the chart (installed
# with apt-get when missing and possible; else no chart).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=3
warmup_ms=500
repeat=1
sizes="1024 65536 1048576 16777216"
endpoints="ipc tcp"
transports="shmem zeromq"
paths="java-java java-cpp cpp-java cpp-cpp"
segment_size=2000000000
throughput=1
latency=1
latency_rate=10000
latency_seconds=5
latency_size=1024
latency_warmup_ms=1000
out=build/bench-transport
build=1
usage() {
  sed -n '/^# Usage:/,/^# with apt-get/p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || case "$1" in --no-*) ;; *) usage ;; esac
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --warmup-ms) warmup_ms=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --endpoints) endpoints=$2; shift 2 ;;
    --transports) transports=$2; shift 2 ;;
    --paths) paths=$2; shift 2 ;;
    --segment-size) segment_size=$2; shift 2 ;;
    --no-latency) latency=0; shift ;;
    --no-throughput) throughput=0; shift ;;
    --latency-rate) latency_rate=$2; shift 2 ;;
    --latency-seconds) latency_seconds=$2; shift 2 ;;
    --latency-size) latency_size=$2; shift 2 ;;
    --latency-warmup-ms) latency_warmup_ms=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    *) usage ;;
  esac
done
for e in $endpoints; do case "$e" in ipc|tcp) ;; *) echo "bench-transport: bad endpoint '$e' (ipc|tcp)" >&2; exit 2 ;; esac; done
for t in $transports; do case "$t" in shmem|zeromq|shmem-v110) ;; *) echo "bench-transport: bad transport '$t' (shmem|zeromq|shmem-v110)" >&2; exit 2 ;; esac; done
for p in $paths; do case "$p" in java-java|java-cpp|cpp-java|cpp-cpp) ;;
  *) echo "bench-transport: bad path '$p' (java-java|java-cpp|cpp-java|cpp-cpp)" >&2; exit 2 ;; esac; done

device=build/interop-tests/fairmq-interop-device
device_v110=build/interop-tests/fairmq-interop-device-v110
frames=build/native/fairmq_zmq_frame_bench
jar=benchmarks/target/benchmarks.jar
if [ "$build" = 1 ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"${JOBS:-2}" --target fairmq-interop-device fairmq-interop-device-v110 fairmq_zmq_frame_bench >/dev/null
  mvn -B -q -DskipTests package -pl benchmarks -am
fi
for f in "$device" "$device_v110" "$frames" "$jar"; do
  [ -e "$f" ] || { echo "bench-transport: $f is missing (run without --no-build)" >&2; exit 1; }
done

mkdir -p "$out"
logs="$out/logs"
rm -rf "$logs" && mkdir -p "$logs"
run_prefix="fmqbench_tp_$$_"
# JavaCPP unpacks its natives here rather than into /tmp: the run leaves nothing in /tmp
java=("${JAVA_HOME:+$JAVA_HOME/bin/}java" --enable-native-access=ALL-UNNAMED
  "-Dorg.bytedeco.javacpp.cachedir=$PWD/build/javacpp-cache" -cp "$jar")
shm_before=$(ls /dev/shm /tmp 2>/dev/null | sort)

# shmem-v110: the objects of a session are fmq_<shmId>_* (and sem.fmq_<shmId>_*), shmId the first 8
# hex digits of sha256("<euid><session>") (PROTOCOL-V110.md 1.1); every v1.10 cell's shmId is kept
# for the final cleanup and check
v110_ids=()
shm_id() { printf '%s' "$(id -u)$1" | sha256sum | cut -c1-8; }
v110_cleanup() { local id; id=$(shm_id "$1"); rm -f /dev/shm/fmq_"$id"_* /dev/shm/sem.fmq_"$id"_*; }

children=()
cleanup() {
  for pid in "${children[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  rm -f /dev/shm/*"$run_prefix"* /tmp/"$run_prefix"*.ipc
  for id in "${v110_ids[@]:-}"; do
    [ -n "$id" ] && rm -f /dev/shm/fmq_"$id"_* /dev/shm/sem.fmq_"$id"_*
  done
}
trap cleanup EXIT

# zeromq payloads are copied into frames that queue in both HWMs: keep in-flight memory bounded.
zmq_hwm() { local h=$(( (256 << 20) / $1 )); [ "$h" -gt 1000 ] && h=1000; [ "$h" -lt 4 ] && h=4; echo "$h"; }

# A TCP port on 127.0.0.1 that nobody listens on (not $1, the other channel's port).
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    if [ "$p" != "${1:-}" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "bench-transport: no free TCP port found" >&2
  return 1
}

# endpoint <ipc|tcp> <name> [port to avoid]: sets ep
endpoint() {
  if [ "$1" = ipc ]; then ep="ipc:///tmp/${run_prefix}$2.ipc"; else ep="tcp://127.0.0.1:$(free_port "${3:-}")"; fi
}

# side <lang> <role> <transport> <size> <endpoint> <prefix> [reply endpoint]: sets cmd to one side's command
side() {
  local lang=$1 role=$2 transport=$3 size=$4 endpoint=$5 prefix=$6 reply=${7:-}
  case "$lang" in
    java) local class=TransportThroughput; [ -n "$reply" ] && class=TransportLatency
      cmd=("${java[@]}" "org.fairmq.bench.$class" "$role") ;;
    cpp) if [ "$transport" = shmem-v110 ]; then cmd=("$device_v110" --role "$role" --bench); else cmd=("$device" --role "$role" --bench); fi ;;
    raw) cmd=("$frames" "$role" "$endpoint") ;;
  esac
  if [ "$lang" != raw ] && [ "$transport" = shmem-v110 ]; then
    # the v1.10 protocol: the session is the cell's prefix, its segment m_0 is created by the first side
    cmd+=(--endpoint "$endpoint" --size "$size" --session "$prefix")
    if [ "$lang" = java ]; then cmd+=(--transport shmem --shm-protocol 1.10 --segment-size "$segment_size")
    else cmd+=(--shm-segment-size "$segment_size"); fi
    cmd+=(--linger-ms 60000)
  elif [ "$lang" != raw ]; then
    cmd+=(--endpoint "$endpoint" --transport "$transport" --size "$size" --prefix "$prefix" --segment-size "$segment_size")
    if [ "$transport" = zeromq ]; then cmd+=(--hwm "$(zmq_hwm "$size")"); fi
    cmd+=(--linger-ms 60000)  # the end of stream must arrive even when the receiver lags far behind
  fi
  if [ -n "$reply" ]; then cmd+=(--reply-endpoint "$reply" --warmup-ms "$latency_warmup_ms"); else cmd+=(--warmup-ms "$warmup_ms"); fi
  case "$role" in
    push) cmd+=(--duration-ms $((seconds * 1000)))
      if [ "$lang" = cpp ]; then cmd+=(--num-msgs 1000000000000000); fi
      if [ "$lang" = raw ]; then cmd+=(--size "$size"); fi ;;
    ping) cmd+=(--duration-ms $((latency_seconds * 1000)) --rate "$latency_rate") ;;
  esac
  # libzmq 4.3 can drop the tail of an ipc stream when the sender closes while its receiver lags,
  # linger notwithstanding (libzmq issue #4660): senders (and pong) hold their sockets open until
  # the receiver (ping) is done, then get SIGTERM
  case "$role" in push|pong) cmd+=(--hold-ms 60000) ;; esac
}

# start <log>: runs cmd in the background (pid in started) and waits for its READY line
start() {
  timeout 120 "${cmd[@]}" >"$1" 2>&1 &
  started=$!
  children+=("$started")
  for _ in $(seq 200); do
    grep -q READY "$1" 2>/dev/null && return
    kill -0 "$started" 2>/dev/null || return
    sleep 0.1
  done
}

# finish <waited pid> <held pid> <prefix> <name> <transport>: waits for the first, stops the second,
# removes the cell's files
finish() {
  wait "$1" || true
  kill -TERM "$2" 2>/dev/null || true  # timeout passes it on: the process closes cleanly
  wait "$2" || true
  children=()
  rm -f /dev/shm/sem."$3"mutex /tmp/"$run_prefix$4"*.ipc
  if [ "$5" = shmem-v110 ]; then v110_cleanup "$3"; fi
}

# note_session <transport> <prefix>: remembers the shmId of a v1.10 cell for the final cleanup
note_session() { if [ "$1" = shmem-v110 ]; then v110_ids+=("$(shm_id "$2")"); fi; }

load1() { cut -d' ' -f1 /proc/loadavg; }

# cell <endpoint> <transport> <from-to> <size> <n>: one throughput run; appends to raw.csv the
# receiver's and the sender's msgs,seconds,cpu_seconds (all 0 for a failed run)
cell() {
  local kind=$1 transport=$2 path=$3 size=$4 n=$5
  local from=${path%-*} to=${path#*-} tag="${1}_${2}_${path//-/}_${size}_$n"
  local prefix="${run_prefix}${tag}_" rlog="$logs/$tag.pull" slog="$logs/$tag.push" load receiver
  load=$(load1)
  note_session "$transport" "$prefix"
  endpoint "$kind" "$tag"
  side "$to" pull "$transport" "$size" "$ep" "$prefix"
  start "$rlog"; receiver=$started
  side "$from" push "$transport" "$size" "$ep" "$prefix"
  start "$slog"
  finish "$receiver" "$started" "$prefix" "$tag" "$transport"
  local rate sent pattern='s/^RATE msgs=\([0-9]*\) seconds=\([0-9.]*\) cpu_seconds=\([0-9.]*\)$/\1,\2,\3/p'
  rate=$(sed -n "$pattern" "$rlog" | tail -1)
  sent=$(sed -n "$pattern" "$slog" | tail -1)
  if [ -z "$rate" ] || [ -z "$sent" ]; then
    echo "bench-transport: no RATE from $path $transport over $kind at $size bytes (logs: $rlog, $slog)" >&2
    rate="0,0,0" sent="0,0,0"
  fi
  echo "$kind,$transport,$path,$size,$n,$load,$rate,$sent" >>"$raw"
  printf '  %-4s %-10s %-10s %9s B  run %d: %s\n' "$kind" "$transport" "$path" "$size" "$n" \
    "$(awk -F, -v s="$size" '{ if ($2 > 0) printf "%.0f msg/s, %.3f GB/s", $1/$2, $1*s/$2/1e9; else print "failed" }' <<<"$rate")" >&2
}

# latency_cell <endpoint> <transport> <ping-pong> <n>: one latency run, appended to latency-raw.csv
latency_cell() {
  local kind=$1 transport=$2 path=$3 n=$4
  local pinger=${path%-*} ponger=${path#*-} tag="lat_${1}_${2}_${path//-/}_$n"
  local prefix="${run_prefix}${tag}_" ilog="$logs/$tag.ping" olog="$logs/$tag.pong" load there back pong
  load=$(load1)
  note_session "$transport" "$prefix"
  endpoint "$kind" "${tag}_a"; there=$ep
  endpoint "$kind" "${tag}_b" "${there##*:}"; back=$ep
  side "$ponger" pong "$transport" "$latency_size" "$there" "$prefix" "$back"
  start "$olog"; pong=$started
  side "$pinger" ping "$transport" "$latency_size" "$there" "$prefix" "$back"
  start "$ilog"
  finish "$started" "$pong" "$prefix" "$tag" "$transport"
  local result
  result=$(sed -n 's/^LATENCY msgs=\([0-9]*\) p50_us=\([0-9.]*\) p99_us=\([0-9.]*\) p999_us=\([0-9.]*\) max_us=\([0-9.]*\)$/\1,\2,\3,\4,\5/p' "$ilog" | tail -1)
  if [ -z "$result" ] || [ "${result%%,*}" = 0 ]; then
    echo "bench-transport: no LATENCY from $path $transport over $kind (logs: $ilog, $olog)" >&2
    result="0,0,0,0,0"
  fi
  echo "$kind,$transport,$path,$latency_size,$latency_rate,$n,$load,$result" >>"$latency_raw"
  printf '  %-4s %-10s %-10s latency run %d: %s\n' "$kind" "$transport" "$path" "$n" \
    "$(awk -F, '{ printf "msgs %s p50 %s us, p99 %s us, p99.9 %s us, max %s us", $1, $2, $3, $4, $5 }' <<<"$result")" >&2
}

raw="$out/raw.csv"
latency_raw="$out/latency-raw.csv"
echo "endpoint,transport,path,size,run,load1,rx_msgs,rx_seconds,rx_cpu_seconds,tx_msgs,tx_seconds,tx_cpu_seconds" >"$raw"
echo "endpoint,transport,path,size,rate,run,load1,msgs,p50_us,p99_us,p999_us,max_us" >"$latency_raw"
load_before=$(uptime)
began=$(date +%s)
echo "bench-transport: $(nproc) cores; load before: ${load_before##*load average: }; endpoints: $endpoints;" \
  "transports: $transports; paths: $paths; $repeat round(s)" >&2
for n in $(seq "$repeat"); do
  if [ "$throughput" = 1 ]; then
    for kind in $endpoints; do
      cell "$kind" libzmq raw-raw 32 "$n"
      cell "$kind" libzmq raw-raw 1024 "$n"
      for size in $sizes; do
        for transport in $transports; do
          for path in $paths; do cell "$kind" "$transport" "$path" "$size" "$n"; done
        done
      done
    done
  fi
  if [ "$latency" = 1 ]; then
    for kind in $endpoints; do
      for transport in $transports; do
        for path in $paths; do latency_cell "$kind" "$transport" "$path" "$n"; done
      done
    done
  fi
done
load_after=$(uptime)
{
  echo "cores=$(nproc)"
  echo "kernel=$(uname -r)"
  echo "java=$("${java[0]}" -version 2>&1 | head -1)"
  echo "load_before=${load_before##*load average: }"
  echo "load_after=${load_after##*load average: }"
  echo "started=$(date -u -d "@$began" '+%Y-%m-%d %H:%M:%S UTC')"
  echo "elapsed_s=$(( $(date +%s) - began ))"
  echo "seconds=$seconds"
  echo "warmup_ms=$warmup_ms"
  echo "repeat=$repeat"
  echo "sizes=$sizes"
  echo "endpoints=$endpoints"
  echo "transports=$transports"
  echo "paths=$paths"
  echo "segment_size=$segment_size"
  echo "throughput=$throughput"
  echo "latency=$latency"
  echo "latency_rate=$latency_rate"
  echo "latency_seconds=$latency_seconds"
  echo "latency_size=$latency_size"
  echo "latency_warmup_ms=$latency_warmup_ms"
} >"$out/run.txt"

scripts/bench-transport-report.sh "$out"

cleanup
left=$(comm -13 <(echo "$shm_before") <(ls /dev/shm /tmp 2>/dev/null | sort) | grep "$run_prefix" || true)
for id in "${v110_ids[@]:-}"; do
  [ -n "$id" ] || continue
  extra=$(ls /dev/shm 2>/dev/null | grep -E "^(sem\.)?fmq_${id}_" || true)
  if [ -n "$extra" ]; then left+=${left:+$'\n'}$extra; fi
done
if [ -n "$left" ]; then
  echo "bench-transport: left in /dev/shm or /tmp: $left" >&2
else
  echo "bench-transport: nothing of $run_prefix (nor of its v1.10 sessions) left in /dev/shm or /tmp; took $(( $(date +%s) - began )) s" >&2
fi
