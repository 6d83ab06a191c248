#!/usr/bin/env bash
# Batch throughput: ~3000 files (a tree of 30 directories) cut from bench/gen.py's
# "mixed" corpus, cleaned with --out into a temp dir at -j 1 and -j 2.
#   bench/dir.sh [TOTAL_MB] [FILES]   (defaults 30 MB, 3000 files)
# Prints the mean wall time of each and the speed-up (see below). The tree is cached
# in bench/data/. The output goes to a tmpfs (/dev/shm) when there is one, or to
# $BENCH_OUT: on ext4, creating 3000 files right after deleting the previous
# run's 3000 makes the kernel's inode allocator (recently_deleted) the bottleneck,
# which measures the file system, not textwash.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-30}
count=${2:-3000}
. bench/bin.sh # $bin: TEXTWASH=BIN, or the release build
mkdir -p bench/data
src=bench/data/mixed-$size.txt
tree=bench/data/files-$size-$count
[ -s "$src" ] || python3 bench/gen.py mixed "$size" "$src"
if [ ! -d "$tree" ]; then
  python3 - "$src" "$tree" "$count" <<'PY'
import pathlib, sys
src, tree, count = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
lines = src.read_bytes().splitlines(keepends=True)
# Even cuts: the last file once took the remainder of the division too (20
# times the others' size), and cleaning it alone, last, was a run's tail.
for i in range(count):
    chunk = lines[i * len(lines) // count:(i + 1) * len(lines) // count]
    p = tree / f"d{i % 30:02}" / f"f{i:05}.txt"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(b"".join(chunk))
PY
fi
files=$(find "$tree" -type f | wc -l)
mb=$(du -sm "$tree" | cut -f1)
if [ -n "${BENCH_OUT:-}" ]; then
  out=$(mktemp -d -p "$BENCH_OUT")
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
  out=$(mktemp -d -p /dev/shm)
else
  out=$(mktemp -d)
fi
trap 'rm -rf "$out"' EXIT
# -j 1 and -j 2 runs alternate (RUNS pairs, default 10), so load that comes
# and goes on a shared machine falls on both alike; the speed-up is the ratio
# of the mean times, with the middle half of the per-pair ratios as its spread.
# (Best-of-3 of each, as before, swung from 1.4x to 1.9x between runs here.)
runs=${RUNS:-10}
python3 - "$bin" "$tree" "$out/o" "$runs" "$files" "$mb" "$(dirname "$out")" <<'PY'
import shutil, statistics, subprocess, sys, time
bin_, tree, out, runs, files, mb, where = sys.argv[1:]
def run(jobs):
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([bin_, tree, "--out", out, "-q", "-j", str(jobs)], check=True)
    return time.perf_counter() - start
run(1)  # warm the page cache
t = {1: [], 2: []}
for _ in range(int(runs)):
    for jobs in (1, 2):
        t[jobs].append(run(jobs))
pairs = sorted(a / b for a, b in zip(t[1], t[2]))
q = len(pairs) // 4
m1, m2 = statistics.mean(t[1]), statistics.mean(t[2])
print(f"{files} files, {mb} MB, output in {where}, {runs} alternating runs: "
      f"-j 1 mean {m1:.3f} s (best {min(t[1]):.3f}), -j 2 mean {m2:.3f} s (best {min(t[2]):.3f}), "
      f"speed-up {m1 / m2:.2f}x (per-pair ratios, middle half: {pairs[q]:.2f}-{pairs[-1 - q]:.2f})")
PY
