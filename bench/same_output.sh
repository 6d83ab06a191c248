#!/usr/bin/env bash
# Speed work must not change output: compare two textwash binaries byte for byte.
#   bench/same_output.sh OLD_BIN NEW_BIN [FILE_OR_DIR ...]
# Default inputs: every file under corpus/ and bench/data/mixed-30.txt; give a directory
# (e.g. a dev set of pages) to add every file below it. Prints each differing input.
set -uo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
shift 2
[ -s bench/data/mixed-30.txt ] || python3 bench/gen.py mixed 30 bench/data/mixed-30.txt
n=0 bad=0
while IFS= read -r -d '' f; do
  n=$((n + 1))
  # From stdin (a stream) and named (a small file is read whole).
  if ! cmp -s <("$old" < "$f" 2>/dev/null) <("$new" < "$f" 2>/dev/null) ||
    ! cmp -s <("$old" "$f" 2>/dev/null) <("$new" "$f" 2>/dev/null); then
    bad=$((bad + 1))
    echo "differs: $f"
  fi
done < <(find corpus bench/data/mixed-30.txt "$@" -type f -print0 | sort -z)
echo "compared $n inputs, $bad differ"
[ "$bad" -eq 0 ]
