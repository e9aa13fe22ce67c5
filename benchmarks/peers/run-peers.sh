#!/usr/bin/env bash
# Peer comparison: Lantern's indexes vs FAISS on the same files, one thread each.
#
#   benchmarks/peers/run-peers.sh DATA.hex QUERIES.hex RESULTS_DIR [--radius R] [--seconds S]
#       [--java-indexes scan,flat,mih,bktree] [--mih-substrings 0,16] [--faiss-indexes ...]
#
# DATA.hex / QUERIES.hex: plain hex, one hash per line (./lantern bench gen --out ... --query-out ...).
# Writes RESULTS_DIR/results.jsonl (one JSON line per index), RESULTS_DIR/truth.txt (the flat
# scan's answers, the ground truth for recall) and RESULTS_DIR/table.md, and prints the table.
# Needs benchmarks/target/benchmarks.jar (./mvnw -q -B -pl benchmarks -am package -DskipTests)
# and Debian's FAISS (apt-get install -y python3-faiss).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
if [ $# -lt 3 ]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
data="$1"; queries="$2"; outdir="$3"; shift 3
radius=-1; seconds=20; java_indexes=scan,flat,mih,bktree; mih=0; faiss_indexes=flat,multihash,multihash-wide
while [ $# -gt 0 ]; do
  case "$1" in
    --radius) radius="$2";; --seconds) seconds="$2";; --java-indexes) java_indexes="$2";;
    --mih-substrings) mih="$2";; --faiss-indexes) faiss_indexes="$2";;
    *) echo "run-peers.sh: unknown option $1" >&2; exit 2;;
  esac
  shift 2
done

# The interpreter that has FAISS: Debian's, not a pyenv/venv python3 that may come first on PATH.
python=""
for candidate in "${PEERS_PYTHON:-}" /usr/bin/python3 python3; do
  if [ -n "$candidate" ] && "$candidate" -c 'import faiss' 2>/dev/null; then python="$candidate"; break; fi
done
if [ -z "$python" ]; then
  echo "run-peers.sh: no python3 with FAISS found. Install it with: apt-get install -y python3-faiss" >&2
  echo "  (or point PEERS_PYTHON at an interpreter that can 'import faiss')" >&2
  exit 1
fi

jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ]; then
  echo "run-peers.sh: $jar is missing; build it: ./mvnw -q -B -pl benchmarks -am package -DskipTests" >&2
  exit 1
fi
. "$root/.mvn/select-jdk.sh"
flags="$(unzip -p "$jar" lantern-jvm.flags | grep -v '^#')"

mkdir -p "$outdir"
results="$outdir/results.jsonl"
: > "$results"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $flags -Xmx6g -cp "$jar" org.lantern.bench.peers.LanternPeers \
  --data "$data" --queries "$queries" --out "$results" --truth "$outdir/truth.txt" \
  --radius "$radius" --seconds "$seconds" --indexes "$java_indexes" --mih-substrings "$mih"
"$python" "$root/benchmarks/peers/faiss_peers.py" --data "$data" --queries "$queries" \
  --truth "$outdir/truth.txt" --out "$results" --radius "$radius" --seconds "$seconds" \
  --indexes "$faiss_indexes"
"$JAVA_HOME/bin/java" -cp "$jar" org.lantern.bench.peers.PeerTable "$results" | tee "$outdir/table.md"
