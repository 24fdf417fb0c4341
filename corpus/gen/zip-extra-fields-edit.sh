#!/usr/bin/env bash
# As zip-extra-fields (Info-ZIP zip -X vs zip, same user and times), AND a genuine edit of
# pkg/core.py on the right: the extra fields recorded on one side only are the container's
# variant, the edit must stay content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair zip-extra-fields-edit

ATIME=4102444800
for side in a b; do
    src_tree "$WORK/$side"
    [ "$side" = b ] && edit_answer "$WORK/$side"
    find "$WORK/$side" -exec touch -a -h -d "@$ATIME" {} +
done
members "$WORK/a" > "$WORK/list"
(cd "$WORK/a" && zip -q -X "$WORK/a.zip" -@ < "$WORK/list")
(cd "$WORK/b" && zip -q "$WORK/b.zip" -@ < "$WORK/list")
put_artifact a "$WORK/a.zip" pkg.zip
put_artifact b "$WORK/b.zip" pkg.zip

write_expected --genuine pkg/core.py "Info-ZIP: zip pkg.zip -@ < byte-sorted list of the tree (mtimes 1700000000, atimes 4102444800, owner root); varied: -X (no extra fields) vs none (UT and ux extra fields on every entry) AND a genuine edit, pkg/core.py answer() returns 41 vs 42" compression content
