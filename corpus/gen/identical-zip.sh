#!/usr/bin/env bash
# Info-ZIP zip -X of the same tree built twice with everything pinned: byte-identical.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair identical-zip

for side in a b; do
    src_tree "$WORK/$side"
    zip_tree "$WORK/$side" "$WORK/$side.zip"
    put_artifact "$side" "$WORK/$side.zip" pkg.zip
done
cmp "$OUT_DIR/a/pkg.zip" "$OUT_DIR/b/pkg.zip" \
    || { echo "identical-zip: the two builds differ" >&2; exit 1; }

write_expected "Info-ZIP: zip -X pkg.zip -@ < byte-sorted list of the tree (mtimes 1700000000, umask 022) run twice in two fresh dirs; nothing varied" 
