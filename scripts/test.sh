#!/usr/bin/env bash
# Runs every test: C++ (ctest: native types and helpers, interop peers) and Java (JUnit: bindings,
# cross-language tests against the C++ peers), the JUnit suite once per JDK the machine has (17,
# 21, 25; scripts/jdks.sh), then the example consumer project. Sets the machine up first. Exit
# code != 0 on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
start=$(date +%s)

# The JDKs: the build runs on the newest (a JDK 22+ also compiles the java.lang.foreign classes of
# the multi-release jar), the suite first on the oldest (on target/classes), then on every other
# one against the packaged jar, so that a JDK 22+ runs the classes it picks from the jar.
# shellcheck source=scripts/build-jdk.sh
source scripts/build-jdk.sh
for wanted in 17 21 25; do
  printf '%s\n' "${jdks[@]}" | grep -q "^$wanted " \
    || echo "test: this machine has no JDK $wanted (looked at PATH, JAVA_HOME, /usr/lib/jvm); the suite runs without it"
done
echo "test: JDKs ${jdks[*]}; building with JDK $newest_version"

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"${JOBS:-2}"
(cd build && ctest --output-on-failure -j1)

echo "test: JUnit on JDK $oldest_version ($oldest), target/classes"
mvn -B verify -Dfairmq.test.java="$oldest/bin/java"
for jdk in "${jdks[@]}"; do
  version=${jdk%% *} home=${jdk#* }
  if [ "$version" != "$oldest_version" ] || { [ ${#jdks[@]} -eq 1 ] && [ "$version" -ge 22 ]; }; then
    echo "test: JUnit on JDK $version ($home), the packaged jar"
    mvn -B -pl java surefire:test@artifact -Dfairmq.test.java="$home/bin/java" -Dfairmq.test.pass="jdk$version"
  fi
done

scripts/example.sh  # the library installed as a dependency, used by examples/shmem-receiver
echo "all tests passed in $(( $(date +%s) - start )) s"
