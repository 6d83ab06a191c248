#!/usr/bin/env bash
# Instruction counts (valgrind's callgrind) of textwash binaries on fixed inputs. On a
# shared machine times drift by 10-20% from run to run; these counts do not, so they
# show a change of 1% (they do not show cache misses or SIMD width: confirm a
# speed-up with bench/cpu.py).
#   bench/instructions.sh LABEL=BIN [LABEL=BIN ...] [-- FILE ...]
# e.g. bench/instructions.sh before=/tmp/tw-old after=target/release/textwash
# Default inputs: the first 3 MB of the generated clean, mixed, pages and damaged corpora
# (bench/gen.py at 20 MB, cached in bench/data/), a one-line file (start-up), and, when
# DEVSET names a dev set directory (DEVSET=../shared/devset/wcxb-dev), its pages
# (*/page.txt) as one file. For each input and binary: the instructions of the cleaning
# alone (callgrind counting only inside the CLI's cleaning function), of the whole
# process (start-up included), and the ratio of each to the first binary's.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || {
  echo "valgrind is needed (apt-get install valgrind)" >&2
  exit 2
}
labels=() bins=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  labels+=("${1%%=*}")
  bins+=("${1#*=}")
  shift
done
[ "${#bins[@]}" -gt 0 ] || {
  sed -n '2,13p' "$0" >&2
  exit 2
}
[ "${1:-}" = "--" ] && shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=("$@")
if [ "${#inputs[@]}" -eq 0 ]; then
  mkdir -p bench/data
  for kind in clean mixed pages damaged; do
    src=bench/data/$kind-20.txt
    [ -s "$src" ] || python3 bench/gen.py "$kind" 20 "$src"
    head -c 3000000 "$src" > "$work/$kind-3MB.txt"
    inputs+=("$work/$kind-3MB.txt")
  done
  echo "A line of text." > "$work/one-line.txt"
  inputs+=("$work/one-line.txt")
  if [ -n "${DEVSET:-}" ]; then
    find "$DEVSET" -name page.txt -print0 | sort -z | xargs -0 cat > "$work/dev-pages.txt"
    inputs+=("$work/dev-pages.txt")
  fi
fi
count() { # BIN FILE [callgrind options]: the instruction count
  local bin=$1 file=$2
  shift 2
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" "$bin" "$file" 2>&1 > /dev/null |
    awk '/refs:/ {gsub(",", "", $NF); print $NF}'
}
printf '%-16s %-12s %14s %7s %14s %7s\n' input binary cleaning ratio whole ratio
for f in "${inputs[@]}"; do
  base_clean='' base_whole=''
  for i in "${!bins[@]}"; do
    c=$(count "${bins[$i]}" "$f" --toggle-collect='*batch::clean*')
    w=$(count "${bins[$i]}" "$f")
    : "${base_clean:=$c}" "${base_whole:=$w}"
    awk -v f="$(basename "$f" .txt)" -v l="${labels[$i]}" -v c="$c" -v w="$w" -v bc="$base_clean" -v bw="$base_whole" \
      'BEGIN { printf "%-16s %-12s %13.2fM %7.3f %13.2fM %7.3f\n", f, l, c / 1e6, c / bc, w / 1e6, w / bw }'
  done
done
