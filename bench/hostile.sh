#!/usr/bin/env bash
# Time and peak memory of whydiff on hostile inputs (tests/craft, written by
# examples/hostile_inputs.rs): extra fields of repeated blocks, overlapping zip entries, a nested
# zip bomb, a 1 GiB deflate bomb, a self-containing zip, chains of zips nested 300 and 1000 deep
# (compared with the options in the pair's `flags` file). Each run is cut at TIMEOUT seconds
# (default 120). Numbers go to stdout; nothing here asserts.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-target/release/whydiff}
[ -x "$bin" ] || cargo build --release --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run --quiet --release --locked --example hostile_inputs "$work"
for dir in "$work"/*/; do
  name=$(basename "$dir")
  flags=$(cat "$dir/flags" 2>/dev/null)
  # shellcheck disable=SC2086 # the flags are words
  /usr/bin/time -f "$name: %e s, %M KiB max RSS, exit %x" \
    timeout "${TIMEOUT:-120}" "$bin" --format json ${JOBS:+--jobs $JOBS} $flags \
    "$dir/a" "$dir/b" >/dev/null || true  # exit 1 (they differ) is printed, not a failure
done 2>&1 | grep -v '^Command'
