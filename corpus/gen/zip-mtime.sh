#!/usr/bin/env bash
# Info-ZIP zip -X of the same tree whose files were touched to two different dates.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip python3
setup_pair zip-mtime

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    src_tree "$WORK/$side" "$epoch"
    zip_tree "$WORK/$side" "$WORK/$side.zip"   # = zip -r -X, members byte-sorted
    put_artifact "$side" "$WORK/$side.zip" pkg.zip
done

write_expected "Info-ZIP: zip -X pkg.zip -@ < byte-sorted list of the tree (the members zip -r adds); varied: every file/dir mtime touched to 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z" timestamp
