#!/usr/bin/env bash
# Info-ZIP zip -X: a one-line change of pkg/core.py plus different file mtimes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair zip-edit-and-mtime

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    src_tree "$WORK/$side" "$epoch"
    if [ "$side" = b ]; then
        edit_answer "$WORK/b"
    fi
    zip_tree "$WORK/$side" "$WORK/$side.zip"
    put_artifact "$side" "$WORK/$side.zip" pkg.zip
done

write_expected "Info-ZIP: zip -X pkg.zip -@ < byte-sorted list of the tree (the members zip -r adds); varied: pkg/core.py answer() returns 41 vs 42 AND all mtimes 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z" content timestamp
