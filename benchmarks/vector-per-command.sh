#!/usr/bin/env bash
# What the incubating Vector API (jdk.incubator.vector) buys per lantern command: each command
# runs ROUNDS times with and without --add-modules=jdk.incubator.vector, alternating (so that a
# shared machine's load falls on both alike), and the median wall time of each is printed.
# Usage: benchmarks/vector-per-command.sh IMAGE_DIR [ROUNDS]   (needs the built index-server/target/lantern.jar)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/.mvn/select-jdk.sh"
images="$1"; rounds="${2:-5}"
jar="$root/index-server/target/lantern.jar"
flags="$(cat "$root/index-server/target/classes/lantern-jvm.flags")"
without="${flags//--add-modules=jdk.incubator.vector/}"
one="$(find "$images" -name '*.jpg' | sort | head -1)"

run() { # flags, args...: prints the wall time in ms
  local f="$1"; shift
  local t0 t1
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $f -Dchronicle.analytics.disable=true -jar "$jar" "$@" >/dev/null 2>&1
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '%-34s %12s %12s %7s\n' command "with (ms)" "without (ms)" ratio
for cmd in "--version" "hash $one" "hash --dihedral $one" "hash $images" "hash --type phash $images"; do
  w=(); o=()
  for _ in $(seq "$rounds"); do
    # shellcheck disable=SC2086
    w+=("$(run "$flags" $cmd)"); o+=("$(run "$without" $cmd)")
  done
  mw=$(printf '%s\n' "${w[@]}" | median); mo=$(printf '%s\n' "${o[@]}" | median)
  label="${cmd//$images/DIR}"; label="${label//$one/ONE.jpg}"
  printf '%-34s %12s %12s %7.2f\n' "$label" "$mw" "$mo" "$(echo "$mo / $mw" | bc -l)"
done
