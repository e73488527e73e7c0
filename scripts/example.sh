#!/usr/bin/env bash
# The library as a dependency: installs org.fairmq:fairmq-shmem-java into the local Maven repository
# (tests skipped: scripts/test.sh has just run them), builds examples/shmem-receiver against it by
# coordinates, runs that Java device against the C++ device peer over shared memory, and checks
# what it printed and that its session left nothing in /dev/shm. Needs the C++ peers built
# (cmake --build build). Exit code != 0 on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

n=20
size=1000
seed=7
segment_size=64000000
prefix="fmqex_$$_"                       # this run's objects only: no test or device uses fmqex_
endpoint="ipc:///tmp/${prefix}data.ipc"  # a Unix domain socket: no TCP port to collide with
peer=build/interop-tests/fairmq-interop-device
jar=examples/shmem-receiver/target/shmem-receiver.jar

fail() {
  echo "example: FAILED: $*" >&2
  exit 1
}

[ -x "$peer" ] || fail "$peer not built (cmake -S . -B build && cmake --build build)"

mvn -B -q -DskipTests -pl java -am install
mvn -B -q -f examples/shmem-receiver/pom.xml package
# The JVM options every process of ours needs, from their one place: pom.xml's fairmq.jvm.options.
jvm_options=$(mvn -B -q -N -Dexpression=fairmq.jvm.options -DforceStdout \
  org.apache.maven.plugins:maven-help-plugin:3.5.1:evaluate | sed 's/\x1b\[[0-9;]*m//g')
[ -n "$jvm_options" ] || fail "cannot read the fairmq.jvm.options property of pom.xml"

tmp=$(mktemp -d)
sender=
cleanup() {
  if [ -n "$sender" ] && kill -0 "$sender" 2>/dev/null; then
    kill -KILL "$sender" 2>/dev/null || true
    wait "$sender" 2>/dev/null || true
  fi
  rm -rf "$tmp" "/tmp/${prefix}data.ipc"
  rm -f /dev/shm/*"$prefix"*
}
trap cleanup EXIT

# The C++ sender first: it stays connected (--hold-ms) until SIGTERM, so that it never hangs up on
# messages the receiver has not read yet (README, "A normal end loses nothing").
timeout 120 "$peer" --role push --endpoint "$endpoint" --method connect --prefix "$prefix" \
  --segment-size "$segment_size" --num-msgs "$n" --size "$size" --seed "$seed" --hold-ms 120000 \
  --timeout-ms 60000 >"$tmp/sender.out" 2>"$tmp/sender.err" &
sender=$!

# A JavaCPP cache of this run's own: the JNI library comes out of the jar just built.
receiver_rc=0
# shellcheck disable=SC2086 # the options are words
timeout 120 "${JAVA_HOME:+$JAVA_HOME/bin/}java" $jvm_options -Dorg.bytedeco.javacpp.cachedir="$tmp/javacpp" -jar "$jar" \
  --id receiver --transport shmem --control static --shm-prefix "$prefix" --shm-segment-size "$segment_size" \
  --verbosity WARN --num-msgs "$n" --channel-config "name=data,type=pull,method=bind,address=$endpoint" \
  >"$tmp/receiver.out" 2>"$tmp/receiver.err" || receiver_rc=$?
cat "$tmp/receiver.out"

kill -TERM "$sender" 2>/dev/null || true
sender_rc=0
wait "$sender" || sender_rc=$?
sender=

[ "$receiver_rc" -eq 0 ] || fail "the receiver exited with $receiver_rc: $(cat "$tmp/receiver.err")"
[ "$sender_rc" -eq 0 ] || fail "the C++ sender exited with $sender_rc: $(cat "$tmp/sender.out" "$tmp/sender.err")"
grep -q "^SUMMARY role=push msgs=$n .* errors=0 " "$tmp/sender.out" || fail "sender: $(cat "$tmp/sender.out")"

# Message k (0-based) of the peer is pattern(seed + k, i) = ((seed + k) * 131 + i * 31 + (i >> 8)) & 0xFF
# (interop-tests/README.md, "Message plan").
for ((k = 0; k < n; k++)); do
  first=""
  for ((i = 0; i < 8; i++)); do
    first+=$(printf '%s%02x' "${first:+ }" $(( ((seed + k) * 131 + i * 31 + (i >> 8)) & 255 )))
  done
  expected="message $((k + 1)): $size bytes, first bytes $first"
  grep -qxF "$expected" "$tmp/receiver.out" || fail "no line \"$expected\" in the receiver's output"
done
grep -qxF "received $n messages, $((n * size)) bytes" "$tmp/receiver.out" || fail "no total line"

# The devices remove their segments (the last one out); the named mutex stays by design
# (PROTOCOL.md 2.2 step 4), so it is the only thing left, and it goes here.
left=$(cd /dev/shm && ls | grep -F "$prefix" || true)
[ -z "$left" ] || [ "$left" = "sem.${prefix}mutex" ] || fail "left in /dev/shm besides the mutex: $(echo "$left" | grep -vxF "sem.${prefix}mutex")"
rm -f "/dev/shm/sem.${prefix}mutex"
echo "example: passed: $n messages from the C++ peer to examples/shmem-receiver over shared memory, nothing left"
