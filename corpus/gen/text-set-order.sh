#!/usr/bin/env bash
# GNU tar (pinned) of the tree + plugins.txt written by iterating a Python set; varied: PYTHONHASHSEED.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar python3
setup_pair text-set-order

for side in a b; do
    seed=1; [ "$side" = b ] && seed=2
    src_tree "$WORK/$side/src"
    PYTHONHASHSEED=$seed python3 "$BUILD_SOURCES_DIR/scripts/write_plugins.py" "$WORK/$side/src/plugins.txt"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/plugins.txt" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side/release.tar"
    put_artifact "$side" "$WORK/$side/release.tar"
done
if cmp -s "$OUT_DIR/a/release.tar" "$OUT_DIR/b/release.tar"; then
    echo "text-set-order: the two hash seeds gave the same order; pick other seeds" >&2
    exit 1
fi

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) of the tree + plugins.txt written by iterating a Python 3 set of names; varied: PYTHONHASHSEED=1 vs 2" ordering
