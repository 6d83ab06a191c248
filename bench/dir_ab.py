#!/usr/bin/env python3
"""Directory mode, two builds side by side: -j 1 and -j 2 of each, in turns.

    python3 bench/dir_ab.py OLD_BIN NEW_BIN [TREE] [RUNS] [--check]
    (TREE default bench/data/files-30-3000, made by bench/dir.sh; RUNS 20)

Each round runs every binary at -j 1 then -j 2 (--out into a tmpfs when there
is one, or --check), so load that comes and goes on a shared machine falls on
all of them alike. Prints the median wall time of each, the ratio of the
medians and the median of the per-round -j 1 / -j 2 ratios.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main():
    args = [a for a in sys.argv[1:] if a != "--check"]
    check = "--check" in sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    bins = args[:2]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    tree = args[2] if len(args) > 2 else os.path.join(root, "bench/data/files-30-3000")
    runs = int(args[3]) if len(args) > 3 else 20
    if not os.path.isdir(tree):
        sys.exit(f"{tree}: no such tree (bench/dir.sh makes one)")
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    work = tempfile.mkdtemp(prefix="textwash-ab-", dir=base)
    out = os.path.join(work, "o")

    def run(binary, jobs):
        shutil.rmtree(out, ignore_errors=True)
        cmd = [binary, tree, "-q", "-j", str(jobs)] + (["--check"] if check else ["--out", out])
        start = time.perf_counter()
        subprocess.run(cmd, check=False)
        return time.perf_counter() - start

    try:
        times = {(b, j): [] for b in bins for j in (1, 2)}
        for b in bins:
            run(b, 1)  # warm the page cache
        for _ in range(runs):
            for b in bins:
                for j in (1, 2):
                    times[(b, j)].append(run(b, j))
        mode = "--check" if check else "--out"
        print(f"{tree}, {mode}, {runs} rounds")
        for b in bins:
            one, two = times[(b, 1)], times[(b, 2)]
            m1, m2 = statistics.median(one), statistics.median(two)
            pairs = statistics.median(a / c for a, c in zip(one, two))
            print(f"{b}: -j 1 {m1 * 1e3:.1f} ms, -j 2 {m2 * 1e3:.1f} ms, "
                  f"speed-up {m1 / m2:.2f}x (median round {pairs:.2f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
