#!/usr/bin/env bash
# gzip (without -n) of the same file touched to two dates: the header MTIME differs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gzip
setup_pair gzip-mtime

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    mkdir -p "$WORK/$side"
    cat "$SOURCES_DIR/data/colors.csv" > "$WORK/$side/colors.csv"
    touch -d "@$epoch" "$WORK/$side/colors.csv"
    (cd "$WORK/$side" && gzip -9 -c colors.csv > "$WORK/$side.csv.gz")
    put_artifact "$side" "$WORK/$side.csv.gz" colors.csv.gz
done

write_expected "gzip: gzip -9 -c colors.csv > colors.csv.gz (no -n: name and mtime stored); varied: file mtime 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z" timestamp
