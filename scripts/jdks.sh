#!/usr/bin/env bash
# The JDKs this machine has, one line each: "<feature version> <JAVA_HOME>", newest last, one per
# feature version: the default java (PATH) first, then $JAVA_HOME, then /usr/lib/jvm/*. Only
# full JDKs (bin/java and bin/javac) count. Used by scripts/test.sh to run the suite on each.
set -euo pipefail

candidates=()
if command -v javac >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
fi
[ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
for home in /usr/lib/jvm/*/; do
  candidates+=("${home%/}")
done

declare -A seen=()
for home in "${candidates[@]}"; do
  home=$(readlink -f "$home")
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
  version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null || true)
  [ -n "$version" ] || version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  [ -n "$version" ] && [ -z "${seen[$version]:-}" ] || continue
  seen[$version]=$home
done
for version in "${!seen[@]}"; do
  echo "$version ${seen[$version]}"
done | sort -n
