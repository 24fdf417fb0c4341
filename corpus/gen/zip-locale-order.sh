#!/usr/bin/env bash
# Info-ZIP zip -X fed a file list sorted by `sort` under LC_ALL=C vs en_US.UTF-8.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
ensure_locale en_US.UTF-8
setup_pair zip-locale-order

for side in a b; do
    loc=C; [ "$side" = b ] && loc=en_US.UTF-8
    build_tree "$BUILD_SOURCES_DIR/locale" "$WORK/$side/src" "$PINNED_EPOCH"
    (cd "$WORK/$side/src" && find . -type f | sed 's|^\./||' | LC_ALL=$loc sort > "$WORK/$side/list")
    zip_list "$WORK/$side/src" "$WORK/$side/release.zip" "$WORK/$side/list"
    put_artifact "$side" "$WORK/$side/release.zip"
done

write_expected "Info-ZIP: find . -type f | sort | zip -X release.zip -@ (mtimes 1700000000); varied: LC_ALL of the sort, C (byte order) vs en_US.UTF-8 (collation), so member order differs" locale
