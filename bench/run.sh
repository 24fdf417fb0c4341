#!/usr/bin/env bash
# Benchmarks whydiff on realistic inputs: the corpus, diffoscope's peer pairs, a large
# generated pair (two zips of 4,000 members, ~60 MB, differing in entry times and a few edits),
# and two ~50 MB ELF shared objects with full DWARF built from the same sources in two build
# directories (bench/make_dwarf_pair.sh; needs gcc, ~1-2 minutes to build), and `whydiff catalogue`
# over 10,000 reports (bench/make_reports.py, from the corpus pairs' reports).
# Uses hyperfine when installed (apt-get install hyperfine), plain repeated timing otherwise.
# Numbers go to stdout; nothing here asserts a time.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/whydiff
[ -x "$bin" ] || cargo build --release --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/make_large_pair.py "$work" >/dev/null
echo "building the DWARF pair (gcc, two build directories)…"
bash bench/make_dwarf_pair.sh "$work/dwarf" >/dev/null
so_a=$work/dwarf/a/libbig.so so_b=$work/dwarf/b/libbig.so
peers=../shared/peer-tests/diffoscope

run_corpus() { for d in corpus/*/; do [ -f "$d/expected.json" ] && "$bin" --format json "$d/a" "$d/b" >/dev/null || true; done; }
run_peers() {
  if [ ! -f "$peers/PAIRS" ]; then echo "(skipped: no $peers beside this clone)" >&2; return 0; fi
  while read -r l r; do "$bin" --format json "$peers/$l" "$peers/$r" >/dev/null || true; done < "$peers/PAIRS"
}
export -f run_corpus run_peers
export bin peers

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 \
    -n "corpus (all pairs)" "bash -c run_corpus" \
    -n "diffoscope peer pairs (82)" "bash -c run_peers" \
    -n "large zip pair, --jobs 1" "$bin --jobs 1 --format json $work/a/large.zip $work/b/large.zip" \
    -n "large zip pair, --jobs 2" "$bin --jobs 2 --format json $work/a/large.zip $work/b/large.zip" \
    -n "DWARF pair (2 x ~50 MB .so), --format json" -i "$bin --format json $so_a $so_b"
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

# The DWARF pair: its size, peak memory (one more run under /usr/bin/time, hyperfine or not),
# and what the report says — one build-path cause and what follows from it, no content.
echo
ls -l "$so_a" "$so_b"
size -A "$so_a" | awk '$1 ~ /^\.(text|debug_)/ { printf "  %-16s %10d bytes\n", $1, $2 }'
for run in 1 2 3; do
  /usr/bin/time -f "DWARF pair --format json, run $run: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
    bash -c "\"$bin\" --format json \"$so_a\" \"$so_b\" > \"$work/dwarf.json\" || true"
done
python3 - "$work/dwarf.json" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1]))
print("report summary:", json.dumps(report["summary"]))
causes = collections.Counter((d["category"], d["cause"]) for d in report["differences"])
for (category, cause), n in sorted(causes.items()):
    print(f"  {category:<12} {cause:<24} {n}")
PY
"$bin" --format text "$so_a" "$so_b" | head -8 || true

# The catalogue of 10,000 reports (the corpus pairs' reports, each made into ~93 other build
# pairs by bench/make_reports.py, ~106 MB), merged from JSON Lines on standard input and from
# 10,000 files. The target is under 10 seconds.
echo
mkdir -p "$work/templates"
for d in corpus/*/; do
  [ -f "$d/expected.json" ] || continue
  "$bin" diff --format json "$d/a" "$d/b" > "$work/templates/$(basename "$d").json" || [ $? -eq 1 ]
done
python3 bench/make_reports.py "$work/templates" "$work/catalogue" 10000
for run in 1 2 3; do
  /usr/bin/time -f "catalogue of 10,000 reports, JSON Lines on stdin, run $run: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
    bash -c "\"$bin\" catalogue - < \"$work/catalogue/reports.jsonl\" > \"$work/catalogue/stdin.md\""
  /usr/bin/time -f "catalogue of 10,000 reports, as 10,000 files, run $run: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
    bash -c "\"$bin\" catalogue \"$work\"/catalogue/reports/*.json > \"$work/catalogue/files.md\""
done
cmp "$work/catalogue/stdin.md" "$work/catalogue/files.md" && echo "the two catalogues are byte-identical"
head -8 "$work/catalogue/files.md"

# A rebuilt distribution (issue 13): 300 wheels, 60,000 members, ~310 MB a side, rebuilt at
# another time and nothing else (bench/make_distribution_pair.py, ~1-2 minutes of Python),
# against the floor of reading and hashing both trees (openssl sha256, one process per core).
echo
echo "building the rebuilt-distribution pair (300 wheels)…"
python3 bench/make_distribution_pair.py "$work/dist" >/dev/null
# Written back to disk before timing: half a gigabyte of dirty pages flushed during a run
# would be timed with it (the floor's or whydiff's, whichever it falls in).
sync
du -sh "$work/dist/a" "$work/dist/b"
cores=$(nproc)
for run in 1 2 3 4 5; do
  /usr/bin/time -f "SHA-256 floor over both trees (openssl, $cores processes), run $run: %e s wall, %U s user" \
    bash -c "ls \"$work\"/dist/a/* \"$work\"/dist/b/* | xargs -P $cores -n 100 openssl sha256 >/dev/null"
  /usr/bin/time -f "rebuilt distribution, run $run: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
    bash -c "\"$bin\" --format json \"$work/dist/a\" \"$work/dist/b\" > \"$work/dist.json\" || true"
done
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("report summary:", json.dumps(r["summary"]))' "$work/dist.json"

# A .pyc tree: pip's own modules compiled in two build directories (CPython records each
# module's path in co_filename), the __pycache__ files compared as two trees.
python=$(command -v python3)
pip_src=$("$python" -c 'import os, pip; print(os.path.dirname(pip.__file__))' 2>/dev/null || true)
if [ -n "$pip_src" ]; then
  for side in a b; do
    mkdir -p "$work/pyc-build-$side"
    cp -r "$pip_src" "$work/pyc-build-$side/pip"
    "$python" -m compileall -q "$work/pyc-build-$side/pip" >/dev/null
    mkdir -p "$work/pyc-$side"
    (cd "$work/pyc-build-$side" && find pip -name '*.pyc' -print0 | tar --null -cf - -T -) |
      tar -xf - -C "$work/pyc-$side"
  done
  echo
  echo "pyc tree: $(find "$work/pyc-a" -name '*.pyc' | wc -l) files, $(du -sh "$work/pyc-a" | cut -f1) a side"
  for run in 1 2 3; do
    /usr/bin/time -f "SHA-256 floor over both pyc trees, run $run: %e s wall" \
      bash -c "find \"$work/pyc-a\" \"$work/pyc-b\" -type f | xargs -P $cores -n 200 openssl sha256 >/dev/null"
    /usr/bin/time -f "pyc tree (two build directories), run $run: %e s wall, %U s user, %M KiB max RSS" \
      bash -c "\"$bin\" --format json \"$work/pyc-a\" \"$work/pyc-b\" > \"$work/pyc.json\" || true"
  done
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("report summary:", json.dumps(r["summary"]))' "$work/pyc.json"
fi

# Two trees of 4,000 files (1 GB each) with five real edits: whydiff against the SHA-256 floor
# and against diff -r (bench/make_tree_pair.py; TREE_MB sets the size of one tree).
echo
python3 bench/make_tree_pair.py "$work/tree" "${TREE_MB:-1024}" >/dev/null
sync
du -sh "$work/tree/a" "$work/tree/b"
for run in 1 2 3; do
  /usr/bin/time -f "SHA-256 floor over both trees, run $run: %e s wall" \
    bash -c "find \"$work/tree/a\" \"$work/tree/b\" -type f | xargs -P $cores -n 200 openssl sha256 >/dev/null"
  /usr/bin/time -f "diff -rq, run $run: %e s wall" bash -c "diff -rq \"$work/tree/a\" \"$work/tree/b\" >/dev/null || true"
  /usr/bin/time -f "4,000-file trees, run $run: %e s wall, %U s user, %S s sys, %M KiB max RSS" \
    bash -c "\"$bin\" --format json \"$work/tree/a\" \"$work/tree/b\" > \"$work/tree.json\" || true"
done
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print("report summary:", json.dumps(r["summary"]))' "$work/tree.json"
rm -rf "$work/tree"

# Every corpus pair against diffoscope (when it is on PATH; otherwise how to install it).
echo
python3 bench/versus_diffoscope.py "$bin"
