#!/usr/bin/env bash
# Whole-run throughput and peak memory of the release binary on generated corpora.
#   bench/run.sh [SIZE_MB]   (default 300)
# Prints MB/s and peak RSS for: mixed scrape-like text, the same pages indented as an
# HTML-to-text converter writes them, clean ASCII-heavy text,
# one single line of SIZE_MB, and lines of 200 KB (peak memory of the rule window).
# Inputs are cached in bench/data/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-300}
. bench/bin.sh # $bin: TEXTWASH=BIN, or the release build
mkdir -p bench/data
printf '%-8s %10s %10s %12s\n' input MB MB/s peak-RSS-MB
for kind in mixed pages clean line wide; do
  f=bench/data/$kind-$size.txt
  [ -s "$f" ] || python3 bench/gen.py "$kind" "$size" "$f"
  bytes=$(stat -c %s "$f")
  log=$(mktemp)
  start=$(date +%s.%N)
  /usr/bin/time -v "$bin" "$f" > /dev/null 2> "$log"
  end=$(date +%s.%N)
  rss=$(awk -F: '/Maximum resident set size/ {print $2/1024}' "$log")
  python3 -c "b=$bytes; t=$end-$start; print(f'{\"$kind\":<8} {b/1048576:10.1f} {b/1048576/t:10.1f} {$rss:12.1f}')"
  rm -f "$log"
done
