"""FAISS side of Lantern's peer comparison (see run-peers.sh and benchmarks/README.md).

Reads the plain hex hash files (one hash per line) that `lantern bench gen` writes, builds FAISS
binary indexes on one thread, times range queries one by one, scores recall against the truth file
written by the Java flat scan, and appends one JSON line per index to the results file (the fields
of org.lantern.bench.peers.PeerResult).

Indexes:
  * IndexBinaryFlat: exhaustive scan.
  * IndexBinaryMultiHash, HMA's configuration: nhash = bits / 16 substrings of 16 bits, and
    nflip = radius // nhash (python-threatexchange's PDQMultiHashIndex: IndexBinaryMultiHash(256,
    16, 16), nflip = threshold // nhash, range_search(threshold + 1)).
  * IndexBinaryMultiHash with wider substrings: b = 23 (256 bits) or 21 (64 bits), nhash = bits // b,
    nflip = radius // nhash. The substrings cover nhash * b <= bits bits; a hash within the radius
    is within it on the covered bits too, so by pigeonhole one substring differs in at most nflip
    bits: both configurations are exact.

FAISS's range_search is strict (distance < radius), so Lantern's inclusive radius r is r + 1 here.
Needs Debian's python3-faiss: apt-get install -y python3-faiss (then run with /usr/bin/python3).
"""

import argparse
import json
import os
import sys
import time

try:
    import faiss
    import numpy as np
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.exit(f"faiss_peers.py: {e}. Install FAISS with: apt-get install -y python3-faiss "
             f"(and run this script with /usr/bin/python3, Debian's interpreter)")


def read_hashes(path):
    """The packed hashes of a hex file as an (n, bits / 8) uint8 array, plus the width in bits."""
    with open(path, "rb") as f:
        raw = f.read()
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if not lines:
        sys.exit(f"{path}: empty hash file")
    width = len(lines[0])
    if width not in (16, 64):
        sys.exit(f"{path}:1: expected 16 or 64 hex digits, got {width} characters")
    for number, line in enumerate(lines, 1):
        if len(line) != width:
            sys.exit(f"{path}:{number}: expected {width} hex digits like line 1, got {len(line)}")
    try:
        packed = bytes.fromhex(b"".join(lines).decode("ascii"))
    except ValueError as e:
        sys.exit(f"{path}: not hex: {e}")
    return np.frombuffer(packed, dtype=np.uint8).reshape(len(lines), width // 2), width * 4


def read_truth(path, count):
    truth = []
    with open(path) as f:
        for line in f:
            truth.append(set(int(x) for x in line.split()))
    if len(truth) != count:
        sys.exit(f"{path}: {len(truth)} lines of truth for {count} queries")
    return truth


def resident_mib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576.0


def percentile(sorted_us, p):
    if not sorted_us:
        return 0.0
    rank = max(1, int(-(-p * len(sorted_us) // 100)))  # nearest rank, as the Java side
    return sorted_us[min(len(sorted_us), rank) - 1]


def run(tool, name, make_index, data, queries, truth, radius, seconds, warmup, meta, note):
    before = resident_mib()
    start = time.perf_counter()
    index = make_index()
    index.add(data)
    build = time.perf_counter() - start
    # A flat index holds exactly its codes; for the hash tables, count what the process grew by.
    memory = (index.ntotal * index.code_size / 1048576.0 if isinstance(index, faiss.IndexBinaryFlat)
              else resident_mib() - before)
    for i in range(min(warmup, len(queries))):
        if time.perf_counter() - start > build + seconds * 0.25:
            break
        index.range_search(queries[i:i + 1], radius + 1)
    latencies = []
    found = expected = 0
    deadline = time.perf_counter() + seconds
    for i in range(len(queries)):
        if time.perf_counter() >= deadline:
            break
        t0 = time.perf_counter_ns()
        lims, _, ids = index.range_search(queries[i:i + 1], radius + 1)
        latencies.append((time.perf_counter_ns() - t0) / 1e3)
        hits = ids[lims[0]:lims[1]]
        found += sum(1 for h in hits if int(h) in truth[i])
        expected += len(truth[i])
    latencies.sort()
    result = dict(meta, tool=tool, index=name, build_seconds=build, memory_mib=memory,
                  queries=len(latencies), p50_us=percentile(latencies, 50),
                  p99_us=percentile(latencies, 99),
                  mean_us=sum(latencies) / max(1, len(latencies)),
                  recall=1.0 if expected == 0 else found / expected, note=note)
    print(f"[peers] {tool} {name:<33} build {build:7.2f} s  memory {memory:8.1f} MiB  "
          f"p50 {result['p50_us']:9.1f} us  p99 {result['p99_us']:9.1f} us  "
          f"recall {result['recall']:.4f}  ({len(latencies)} queries)", flush=True)
    del index
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--queries", required=True)
    parser.add_argument("--truth", required=True, help="truth file written by LanternPeers")
    parser.add_argument("--out", required=True, help="JSON-lines results file (appended)")
    parser.add_argument("--radius", type=int, default=-1, help="inclusive; default 31 (256 bits) or 8")
    parser.add_argument("--indexes", default="flat,multihash,multihash-wide")
    parser.add_argument("--seconds", type=float, default=20.0, help="timed budget per index")
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--tool", default="faiss",
                        help="tool column of the rows; name another FAISS build, e.g. faiss-pip-1.15")
    args = parser.parse_args()

    faiss.omp_set_num_threads(1)
    data, bits = read_hashes(args.data)
    queries, qbits = read_hashes(args.queries)
    if qbits != bits:
        sys.exit(f"{args.queries} holds {qbits}-bit hashes, {args.data} {bits}-bit ones")
    radius = args.radius if args.radius >= 0 else (31 if bits == 256 else 8)
    truth = read_truth(args.truth, len(queries))
    meta = dict(dataset=os.path.basename(args.data), n=len(data), bits=bits, radius=radius)
    print(f"[peers] FAISS {faiss.__version__}, one thread; {len(data):,} hashes, {len(queries):,} queries",
          flush=True)

    wide_b = 23 if bits == 256 else 21
    configs = {
        "flat": ("IndexBinaryFlat", lambda: faiss.IndexBinaryFlat(bits), "exhaustive; memory = the codes"),
        "multihash": (f"MultiHash {bits // 16}x16 nflip={radius // (bits // 16)} (HMA)",
                      lambda: multihash(bits, bits // 16, 16, radius),
                      "HMA's configuration; memory = resident growth"),
        "multihash-wide": (f"MultiHash {bits // wide_b}x{wide_b} nflip={radius // (bits // wide_b)}",
                           lambda: multihash(bits, bits // wide_b, wide_b, radius),
                           "wider substrings, same pigeonhole bound; memory = resident growth"),
    }
    with open(args.out, "a") as out:
        for key in args.indexes.split(","):
            if key not in configs:
                sys.exit(f"--indexes: unknown index '{key}' (flat, multihash, multihash-wide)")
            name, make, note = configs[key]
            result = run(args.tool, name, make, data, queries, truth, radius, args.seconds, args.warmup, meta, note)
            out.write(json.dumps(result) + "\n")
            out.flush()


def multihash(bits, nhash, b, radius):
    index = faiss.IndexBinaryMultiHash(bits, nhash, b)
    index.nflip = radius // nhash
    return index


if __name__ == "__main__":
    main()
