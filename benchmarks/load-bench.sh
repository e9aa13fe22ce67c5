#!/usr/bin/env bash
# Bulk-load benchmark (issue 7): an embedded load of N PDQ lines into a new data directory, with a
# heap smaller than the file (memory must stay flat), then the same file through a server on
# loopback. Prints each load's summary line, the largest heap after GC, and resident memory.
#
#   benchmarks/load-bench.sh [N] [WORKDIR]      # default N=10000000, WORKDIR=/tmp/lantern-load-bench
#
# Needs python3 (to write the hash file once) and about 7 GB of disk per 10M signals per load.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${1:-10000000}"
work="${2:-/tmp/lantern-load-bench}"
mkdir -p "$work"
input="$work/pdq-$n.txt"
if [ ! -f "$input" ]; then
  echo "writing $n random PDQ hashes to $input ..." >&2
  python3 "$root/benchmarks/random-pdq.py" "$n" "$input"
fi
lantern="$root/lantern"
"$lantern" --version >/dev/null 2>&1 || true   # builds the jar outside the timed runs

echo "== embedded: lantern load --data (heap -Xmx256m, file $(du -hL "$input" | cut -f1))"
rm -rf "$work/data"
LANTERN_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$work/gc.log" /usr/bin/time -f "resident max %M KiB, %U s user, %S s sys, %e s wall" \
  "$lantern" load --data "$work/data" --quiet "$input" 2>&1 | grep -E "^read|resident"
echo "largest heap after a GC: $(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | sed 's/.*->//' | sort -n | tail -1) (limit 256M)"

echo "== remote: lantern load --server (loopback, batches of 1000, 4 in flight)"
rm -rf "$work/server-data"
"$lantern" serve --data "$work/server-data" --port 8181 --access-log off >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -f "$work/server-data/admin.key" ] && curl -sf http://127.0.0.1:8181/health >/dev/null && break
  sleep 1
done
/usr/bin/time -f "client: resident max %M KiB, %e s wall" \
  "$lantern" load --server http://127.0.0.1:8181 --key "$(cat "$work/server-data/admin.key")" \
  --checkpoints "$work/remote-loads" --quiet "$input" 2>&1 | grep -E "^read|resident"
