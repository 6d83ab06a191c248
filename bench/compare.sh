#!/usr/bin/env bash
# Whole-pipeline speed of textwash against ftfy 6.3.1 (`fix_text`) and plsfix
# 0.1.8 (a Rust port of ftfy), on the same generated inputs, in one run.
#   bench/compare.sh [SIZE_MB]    (default 20; ftfy needs ~10 s per MB-scale run)
# Installs ftfy and plsfix into bench/.venv (git-ignored). Prints MB/s, peak RSS
# and the ratios textwash/plsfix and textwash/ftfy: absolute numbers drift on a
# shared machine, ratios from one run do not drift much.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-20}
VENV=bench/.venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check ftfy==6.3.1 plsfix==0.1.8
. bench/bin.sh # $bin: TEXTWASH=BIN, or the release build
mkdir -p bench/data
run() { # run LABEL CMD... -> "seconds rss_mb"
  local log; log=$(mktemp)
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v "$@" > /dev/null 2> "$log"
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -F: '/Maximum resident set size/ {printf "%.3f %.1f\n", e - s, $2 / 1024}' "$log"
  rm -f "$log"
}
printf '%-8s %7s | %9s %9s %9s | %8s %8s | %s\n' input MB textwash plsfix ftfy tw/pls tw/ftfy 'peak RSS MB (tw/pls/ftfy)'
for kind in mixed pages damaged clean; do
  f=bench/data/$kind-$size.txt
  [ -s "$f" ] || python3 bench/gen.py "$kind" "$size" "$f"
  mb=$(python3 -c "import os; print(os.path.getsize('$f') / 1048576)")
  read -r t_tw r_tw < <(run "$bin" "$f")
  read -r t_pl r_pl < <(run "$VENV/bin/python" bench/fix_file.py plsfix "$f")
  read -r t_ft r_ft < <(run "$VENV/bin/python" bench/fix_file.py ftfy "$f")
  python3 - "$kind" "$mb" "$t_tw" "$t_pl" "$t_ft" "$r_tw" "$r_pl" "$r_ft" <<'PY'
import sys
kind, mb, *v = sys.argv[1:]
mb = float(mb)
t_tw, t_pl, t_ft, r_tw, r_pl, r_ft = map(float, v)
s = lambda t: mb / t
print(f"{kind:<8} {mb:7.1f} | {s(t_tw):9.1f} {s(t_pl):9.1f} {s(t_ft):9.1f} | {t_pl/t_tw:7.1f}x {t_ft/t_tw:7.1f}x | {r_tw:.0f} / {r_pl:.0f} / {r_ft:.0f}")
PY
done
echo "(MB/s columns; tw/pls and tw/ftfy = how many times faster textwash is)"
