#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 600) each, two at a time, with the seeds of
# seed.sh; crashes land in fuzz/artifacts/<target>/. Needs a nightly toolchain and cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
[ -d corpus ] || bash seed.sh
cargo +nightly fuzz build -O
run() {
    cargo +nightly fuzz run -O "$1" "corpus/$1" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        > "log-$1.txt" 2>&1 || echo "$1: exit $?" >> "log-$1.txt"
    grep -E 'stat::number_of_executed_units|Done|SUMMARY|exit' "log-$1.txt" | sed "s/^/$1: /"
}
targets=(zip tar compressed pyc pymeta manifest properties compare native frozen)
for ((i = 0; i < ${#targets[@]}; i += 2)); do
    run "${targets[i]}" &
    [ -n "${targets[i+1]:-}" ] && run "${targets[i+1]}" &
    wait
done
