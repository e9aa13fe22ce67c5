"""Writes N random PDQ hashes (64 hex digits, one per line) to FILE: the input of the load and
replica benchmark scripts.

    python3 benchmarks/random-pdq.py N FILE
"""
import binascii
import os
import sys

n, out = int(sys.argv[1]), sys.argv[2]
with open(out, "w") as f:
    done = 0
    while done < n:
        k = min(1000, n - done)
        h = binascii.hexlify(os.urandom(32 * k)).decode()
        f.write("\n".join(h[j * 64:(j + 1) * 64] for j in range(k)) + "\n")
        done += k
