#!/usr/bin/env bash
# A profile-guided (PGO) release build of textwash: the fastest binary we know how to make.
#   bench/pgo.sh            (prints the path of the binary: target/pgo/textwash)
#   TARGET_CPU=native bench/pgo.sh   (or x86-64-v3, ...: a binary for that CPU only;
#                                     3-5% fewer instructions again on x86-64-v3)
#
# 1. builds textwash instrumented (-Cprofile-generate);
# 2. runs it on a training set made only from this repository: corpora from
#    bench/gen.py (mixed pages, indented pages, clean prose, mojibake stress; a few MB
#    each), every file of corpus/ one by one and as a tree (-j 2, --out), JSON Lines,
#    --explain and --check;
# 3. merges the profiles with llvm-profdata and builds again with -Cprofile-use.
#
# PGO changes how the code is laid out and inlined, never what it computes: the
# script checks that the final binary writes byte-identical output to the
# instrumented one on every training input, and stops if not.
#
# Needs llvm-profdata of the same LLVM as rustc: $LLVM_PROFDATA, or rustup's
# llvm-tools component (installed here with `rustup component add llvm-tools` when
# missing). Two release builds: about 6 minutes on two cores. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/pgo
rm -rf "$work/profiles" "$work/train" "$work/out"
mkdir -p "$work/profiles" "$work/train" "$work/out"

profdata=${LLVM_PROFDATA:-}
if [ -z "$profdata" ]; then
  sysroot=$(rustc --print sysroot)
  host=$(rustc -vV | sed -n 's/^host: //p')
  profdata=$sysroot/lib/rustlib/$host/bin/llvm-profdata
  if [ ! -x "$profdata" ] && command -v rustup > /dev/null; then
    echo "pgo: installing rustup's llvm-tools (for llvm-profdata)" >&2
    rustup component add llvm-tools >&2
  fi
fi
if [ ! -x "$profdata" ]; then
  echo "pgo: llvm-profdata not found; set LLVM_PROFDATA, or run: rustup component add llvm-tools" >&2
  exit 2
fi

# Training inputs: the kinds of text textwash is run on, in the proportions the
# benchmarks use. Only generated and bundled files, so the profile does not
# depend on anything outside the repository.
train=$work/train
for kind in mixed pages clean damaged; do
  python3 bench/gen.py "$kind" 8 "$train/$kind.txt"
done
python3 - "$root/corpus" "$train/corpus.jsonl" <<'PY'
import json, pathlib, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
with out.open("w", encoding="utf-8") as f:
    for p in sorted(q for q in root.rglob("*") if q.is_file()):
        text = p.read_bytes().decode("utf-8", "replace")
        f.write(json.dumps({"id": str(p.relative_to(root)), "text": text}, ensure_ascii=False) + "\n")
PY

# (both builds get the same target CPU: the profile is matched to the code it measured)
cpu=${TARGET_CPU:+-Ctarget-cpu=$TARGET_CPU}
build() { # build VARIANT RUSTFLAGS
  RUSTFLAGS="$2 $cpu" CARGO_TARGET_DIR=$work/$1 cargo build --release --locked --quiet
}

# Runs every training case with binary $1, writing each output to $2/.
train_with() {
  local bin=$1 out=$2
  mkdir -p "$out"
  for f in "$train"/*.txt; do
    "$bin" "$f" > "$out/$(basename "$f").out"
  done
  "$bin" --jsonl "$train/corpus.jsonl" > "$out/corpus.jsonl.out"
  "$bin" --explain "$train/mixed.txt" > /dev/null 2> "$out/explain.out"
  find corpus -type f | sort | while read -r f; do
    "$bin" "$f"
  done > "$out/corpus-files.out" 2>&1
  "$bin" -q -j 2 --out "$out/tree" corpus
  "$bin" -j 1 --check corpus > "$out/check.out" 2>&1 || true
}

echo "pgo: instrumented build" >&2
build gen "-Cprofile-generate=$work/profiles"
echo "pgo: training" >&2
train_with "$work/gen/release/textwash" "$work/out/gen"
"$profdata" merge -o "$work/textwash.profdata" "$work/profiles"
echo "pgo: optimized build" >&2
build use "-Cprofile-use=$work/textwash.profdata"
bin=$work/use/release/textwash
train_with "$bin" "$work/out/use"
if ! diff -r -q "$work/out/gen" "$work/out/use" >&2; then
  echo "pgo: the optimized binary's output differs from the instrumented one's" >&2
  exit 1
fi
cp "$bin" "$work/textwash"
echo "$work/textwash"
