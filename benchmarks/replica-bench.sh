#!/usr/bin/env bash
# Replica benchmark (issue 17): an exchange with N random PDQ signals and a replica following it,
# both on this machine (loopback). Measures
#   1. catch-up: a new replica from nothing to in step with N signals (signals/s);
#   2. lag under a steady write rate (lantern bench replica: ack on the exchange -> visible on the replica);
#   3. lookup rate on the replica against the exchange, alternating rounds in one run (the ratio).
#
#   benchmarks/replica-bench.sh [N] [WORKDIR]     # default N=1000000, WORKDIR=/tmp/lantern-replica-bench
#
# Ports 18650 (exchange) and 18651 (replica). Needs python3 and curl; ~1.5 GB of disk per 1M signals.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
n="${1:-1000000}"
work="${2:-/tmp/lantern-replica-bench}"
primary_port=18650
replica_port=18651
lantern="$root/lantern"
mkdir -p "$work"
input="$work/pdq-$n.txt"
if [ ! -f "$input" ]; then
  echo "writing $n random PDQ hashes to $input ..." >&2
  python3 "$root/benchmarks/random-pdq.py" "$n" "$input"
fi
"$lantern" --version >/dev/null 2>&1 || true   # builds the jar outside the timed runs
config="$work/lantern.properties"
cat >"$config" <<CONF
store.signals_per_generation=$((n + n / 2))
index.hash_capacity=$((n + n / 2))
server.rate_per_second=1000000
server.rate_burst=1000000
CONF

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared)"
if [ ! -f "$work/primary/loaded" ]; then
  rm -rf "$work/primary"
  echo "== loading $n PDQ signals into the exchange's data directory"
  "$lantern" load --data "$work/primary" --config "$config" --quiet "$input" 2>&1 | grep -E "^read" || true
  touch "$work/primary/loaded"
fi
if [ ! -f "$work/primary/b.key" ]; then
  "$lantern" participants add b --data "$work/primary" --roles reader >/dev/null
  "$lantern" participants add writer --data "$work/primary" --roles contributor >/dev/null
  "$lantern" participants key-create b --data "$work/primary" 2>/dev/null >"$work/primary/b.key.tmp"
  "$lantern" participants key-create writer --data "$work/primary" 2>/dev/null >"$work/primary/writer.key"
  mv "$work/primary/b.key.tmp" "$work/primary/b.key"
fi

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
"$lantern" serve --data "$work/primary" --config "$config" --port $primary_port --access-log off >"$work/primary.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$primary_port/health" >/dev/null && break; sleep 0.5; done

echo "== catch-up: a new replica of $n signals (pages of 10000)"
rm -rf "$work/replica"
start=$(date +%s.%N)
"$lantern" replica --follow "http://127.0.0.1:$primary_port" --key-file "$work/primary/b.key" --data "$work/replica" \
  --config "$config" --port $replica_port --page-size 10000 --access-log off >"$work/replica.log" 2>&1 &
pids+=($!)
following=""
while true; do
  health="$(curl -s "http://127.0.0.1:$replica_port/health" || true)"
  now=$(date +%s.%N)
  if [ -z "$following" ] && echo "$health" | grep -q '"catching_up"'; then following=$now; fi
  if echo "$health" | grep -q '"in_step_as_of"'; then break; fi
  sleep 0.2
done
# /health says only the status (and the replica's lag); the count is behind the replica's admin key.
signals="$(curl -s -H "Authorization: Bearer $(cat "$work/replica/admin.key")" "http://127.0.0.1:$replica_port/v1/status" \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["signals"])')"
python3 - "$signals" "$start" "$following" "$now" <<'PY'
import sys
signals, start, following, done = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
print(f"catch-up: {signals} signals in step after {done - following:.1f} s of following ({signals / (done - following):,.0f} signals/s);"
      f" {done - start:.1f} s from the process start (JVM start and opening included)")
PY
echo "replica resident memory: $(ps -o rss= -p "${pids[1]}" | awk '{printf "%.0f MiB", $1/1024}')"

echo "== lag at 500 submits/s, then lookups (lantern bench replica)"
"$lantern" bench replica --primary "http://127.0.0.1:$primary_port" --writer-key-file "$work/primary/writer.key" \
  --reader-key-file "$work/primary/b.key" --replica "http://127.0.0.1:$replica_port" \
  --replica-key-file "$work/replica/admin.key" --rate 500 --lag-seconds "${LAG_SECONDS:-60}" --lookup-seconds 10
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
