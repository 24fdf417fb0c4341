#!/usr/bin/env bash
# Two directory trees: current -> v1 vs current -> v2, plus one identical file.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools 
setup_pair dir-symlink

for side in a b; do
    target=v1; [ "$side" = b ] && target=v2
    ln -s "$target" "$OUT_DIR/$side/current"
    cat "$SOURCES_DIR/README.md" > "$OUT_DIR/$side/README.md"
    chmod 0644 "$OUT_DIR/$side/README.md"
done
[ "$(readlink "$OUT_DIR/a/current")" = v1 ] && [ "$(readlink "$OUT_DIR/b/current")" = v2 ]

write_expected "ln -s: a directory (no archive) holding README.md and a symlink; varied: symlink target current -> v1 vs current -> v2" content
