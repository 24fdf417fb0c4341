#!/usr/bin/env bash
# Benchmarks whydiff on realistic inputs: the corpus, diffoscope's peer pairs, and a large
# generated pair (two zips of 4,000 members, ~60 MB, differing in entry times and a few edits).
# Uses hyperfine when installed (apt-get install hyperfine), plain repeated timing otherwise.
# Numbers go to stdout; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/whydiff
[ -x "$bin" ] || cargo build --release --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/make_large_pair.py "$work" >/dev/null
peers=../shared/peer-tests/diffoscope

run_corpus() { for d in corpus/*/; do [ -f "$d/expected.json" ] && "$bin" --format json "$d/a" "$d/b" >/dev/null || true; done; }
run_peers() { while read -r l r; do "$bin" --format json "$peers/$l" "$peers/$r" >/dev/null || true; done < "$peers/PAIRS"; }
export -f run_corpus run_peers
export bin peers

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 \
    -n "corpus (all pairs)" "bash -c run_corpus" \
    -n "diffoscope peer pairs (82)" "bash -c run_peers" \
    -n "large zip pair, --jobs 1" "$bin --jobs 1 --format json $work/a/large.zip $work/b/large.zip" \
    -n "large zip pair, --jobs 2" "$bin --jobs 2 --format json $work/a/large.zip $work/b/large.zip"
else
  for name in run_corpus run_peers; do
    /usr/bin/time -f "$name: %e s, %M KiB max RSS" bash -c "$name"
  done
  # whydiff exits 1 when the builds differ, as these do; `|| true` keeps time from reporting it.
  for jobs in 1 2; do
    /usr/bin/time -f "large zip pair --jobs $jobs: %e s, %M KiB max RSS" \
      bash -c "\"$bin\" --jobs $jobs --format json $work/a/large.zip $work/b/large.zip >/dev/null || true"
  done
fi
