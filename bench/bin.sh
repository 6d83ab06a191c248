# Sourced by the bench scripts (from the repository root): sets $bin to the
# textwash binary to measure. TEXTWASH=BIN picks one (bench/pgo.sh builds a
# faster one); otherwise the release build, brought up to date first.
if [ -n "${TEXTWASH:-}" ]; then
  bin=$TEXTWASH
else
  cargo build --release --quiet
  bin=${CARGO_TARGET_DIR:-target}/release/textwash
fi
