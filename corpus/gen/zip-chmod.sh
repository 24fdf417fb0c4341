#!/usr/bin/env bash
# Info-ZIP zip -X where one member (pkg/core.py) is mode 0644 vs 0600.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair zip-chmod

for side in a b; do
    src_tree "$WORK/$side"
    mode=0644; [ "$side" = b ] && mode=0600
    chmod "$mode" "$WORK/$side/pkg/core.py"
    zip_tree "$WORK/$side" "$WORK/$side.zip"
    put_artifact "$side" "$WORK/$side.zip" pkg.zip
done

write_expected "Info-ZIP: zip -X pkg.zip -@ < byte-sorted list of the tree (the members zip -r adds); varied: chmod of pkg/core.py, 0644 vs 0600" permissions
