#!/usr/bin/env bash
# Batch throughput: ~3000 files (a tree of 30 directories) cut from bench/gen.py's
# "mixed" corpus, cleaned with --out into a temp dir at -j 1 and -j 2.
#   bench/dir.sh [TOTAL_MB] [FILES]   (defaults 30 MB, 3000 files)
# Prints the best wall time of three runs of each and the speed-up. The tree is cached
# in bench/data/. The output goes to a tmpfs (/dev/shm) when there is one, or to
# $BENCH_OUT: on ext4, creating 3000 files right after deleting the previous
# run's 3000 makes the kernel's inode allocator (recently_deleted) the bottleneck,
# which measures the file system, not textwash.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-30}
count=${2:-3000}
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/textwash
mkdir -p bench/data
src=bench/data/mixed-$size.txt
tree=bench/data/tree-$size-$count
[ -s "$src" ] || python3 bench/gen.py mixed "$size" "$src"
if [ ! -d "$tree" ]; then
  python3 - "$src" "$tree" "$count" <<'PY'
import pathlib, sys
src, tree, count = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
lines = src.read_bytes().splitlines(keepends=True)
per = max(1, len(lines) // count)
for i in range(count):
    chunk = lines[i * per:(i + 1) * per] if i < count - 1 else lines[i * per:]
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
time_run() {
  rm -rf "$out/o"
  local start end
  start=$(date +%s.%N)
  "$bin" "$tree" --out "$out/o" -q -j "$1"
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.3f}')"
}
time_run 1 > /dev/null # warm the page cache
best_of_3() {
  local a b c
  a=$(time_run "$1"); b=$(time_run "$1"); c=$(time_run "$1")
  python3 -c "print(min($a, $b, $c))"
}
t1=$(best_of_3 1)
t2=$(best_of_3 2)
python3 -c "print(f'{$files} files, {$mb} MB, output in $(dirname "$out"): -j 1 {$t1:.3f} s, -j 2 {$t2:.3f} s, speed-up {$t1 / $t2:.2f}x')"
