# Sourced by scripts/test.sh and scripts/build.sh: the JDKs of this machine (scripts/jdks.sh) in
# the array `jdks` ("<version> <home>"), `oldest`/`oldest_version`, `newest`/`newest_version`,
# and Maven set to build with the newest one, so that a JDK 22+ also compiles the
# java.lang.foreign classes of the multi-release jar (README "One jar for JDK 17, 21 and 25").
mapfile -t jdks < <("$(dirname "${BASH_SOURCE[0]}")/jdks.sh")
if [ ${#jdks[@]} -eq 0 ]; then
  echo "no JDK found (PATH, JAVA_HOME, /usr/lib/jvm)" >&2
  exit 1
fi
oldest_version=${jdks[0]%% *} oldest=${jdks[0]#* }
newest_version=${jdks[-1]%% *} newest=${jdks[-1]#* }
export JAVA_HOME="$newest"
if [ "$newest_version" -ge 24 ]; then
  # Maven 3.8's own Guava uses sun.misc.Unsafe, which JDK 24+ warns about (Maven's JVM only)
  case " ${MAVEN_OPTS:-} " in
    *" --sun-misc-unsafe-memory-access=allow "*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
