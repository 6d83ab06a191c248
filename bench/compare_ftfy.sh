#!/usr/bin/env bash
# Compares textwash's mojibake repair with ftfy 6.3.1 on the labelled cases of
# tests/mojibake_accuracy.rs: accuracy per category and throughput (MB/s).
# Needs python3 with venv; installs ftfy into bench/.venv (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=bench/.venv
DATA=bench/data
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check ftfy==6.3.1
mkdir -p "$DATA"
cargo build --release --quiet --examples
BIN="${CARGO_TARGET_DIR:-target}/release/examples"
"$BIN/export_cases" > "$DATA/mojibake_cases.jsonl"
speed=$("$BIN/fix_lines" --bench "${REPS:-50}" < "$DATA/mojibake_cases.jsonl" 2>&1 >"$DATA/textwash_fixed.jsonl")
"$VENV/bin/python" bench/compare_ftfy.py "$DATA/mojibake_cases.jsonl" "$DATA/textwash_fixed.jsonl" "$speed"
