#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks for this project (idempotent): Boost 1.74 headers,
# libzmq, GoogleTest, CMake, g++, a JDK 17 and Maven. Java dependencies come from Maven Central.
set -euo pipefail

packages=(libboost-dev libzmq3-dev googletest libgtest-dev cmake g++ pkg-config openjdk-17-jdk-headless maven)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# java/mvn may come from elsewhere (e.g. a preinstalled JDK): do not reinstall them then
command -v java >/dev/null && missing=("${missing[@]/openjdk-17-jdk-headless}")
command -v mvn >/dev/null && missing=("${missing[@]/maven}")
read -r -a missing <<< "${missing[*]:-}"

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: all system packages present"
fi
