#!/usr/bin/env bash
# Info-ZIP zip -X vs zip of the same tree, by the same user: without -X, zip adds the extended
# timestamp (UT: mtime, and atime in the local header) and uid/gid (ux) extra fields to every
# entry. The times and owners they hold are the same on both sides; only their presence differs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair zip-extra-fields

# As in zip-uid: atimes at a fixed instant after now (2100-01-01), which reads leave alone.
ATIME=4102444800
src_tree "$WORK/src"
find "$WORK/src" -exec touch -a -h -d "@$ATIME" {} +
members "$WORK/src" > "$WORK/list"
(cd "$WORK/src" && zip -q -X "$WORK/a.zip" -@ < "$WORK/list")
(cd "$WORK/src" && zip -q "$WORK/b.zip" -@ < "$WORK/list")
put_artifact a "$WORK/a.zip" pkg.zip
put_artifact b "$WORK/b.zip" pkg.zip

write_expected "Info-ZIP: zip pkg.zip -@ < byte-sorted list of the tree (mtimes 1700000000, atimes 4102444800, owner root); varied: -X (no extra fields) vs none (UT extended timestamp and ux uid/gid extra fields on every entry)" compression
