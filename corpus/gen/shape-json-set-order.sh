#!/usr/bin/env bash
# zip -X of the tree + features.json (json.dump(..., indent=2) of list(a_set)) written under
# two hash seeds: one item per line, so the order shows as a multi-line hunk.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair shape-json-set-order

for side in a b; do
    seed=1; [ "$side" = b ] && seed=2
    src_tree "$WORK/$side/src"
    PYTHONHASHSEED=$seed "$SYS_PYTHON" "$SCRIPTS_DIR/write_features_json.py" "$WORK/$side/src/features.json"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/features.json" "$WORK/$side/src"
    zip_tree "$WORK/$side/src" "$WORK/$side.zip"
    put_artifact "$side" "$WORK/$side.zip" release.zip
done
if cmp -s "$OUT_DIR/a/release.zip" "$OUT_DIR/b/release.zip"; then
    echo "$PAIR: the two hash seeds gave the same order" >&2; exit 1
fi

write_expected "Info-ZIP: zip -X of the tree (mtimes 1700000000) + features.json written by write_features_json.py (json.dump(indent=2) of list(set of 8 names)); varied: PYTHONHASHSEED=1 vs 2 (item order; the last item, the one written without a comma, differs too)" \
    ordering
