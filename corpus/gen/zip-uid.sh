#!/usr/bin/env bash
# Info-ZIP zip WITHOUT -X (writes the 0x7875 ux extra field: uid/gid) run by root vs whydiff-builder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip runuser
setup_pair zip-uid

ensure_builder
# zip's local UT extra field also records the access time, which reading the file
# updates (relatime: when atime is older than mtime or a day): every atime is set
# to a fixed instant after now (2100-01-01), which reads leave alone.
ATIME=4102444800
# a: root creates the tree and runs zip.
src_tree "$WORK/a/src"
find "$WORK/a/src" -exec touch -a -h -d "@$ATIME" {} +
members "$WORK/a/src" > "$WORK/list"
(cd "$WORK/a/src" && zip -q -@ "$WORK/a/pkg.zip" < "$WORK/list")
# b: whydiff-builder creates the same tree (umask 022, same mtimes) and runs zip.
mkdir -p "$WORK/b"
builder_tree "$WORK/b/src" "$PINNED_EPOCH" 022
find "$WORK/b/src" -exec touch -a -h -d "@$ATIME" {} +
chmod a+r "$WORK/list"
runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" \
    bash -c "cd '$WORK/b/src' && zip -q -@ '$WORK/b/pkg.zip' < '$WORK/list'"
put_artifact a "$WORK/a/pkg.zip"
put_artifact b "$WORK/b/pkg.zip"

write_expected "Info-ZIP: zip pkg.zip -@ < byte-sorted list of the tree, no -X (UT and ux extra fields written), mtimes 1700000000, atimes 4102444800; varied: tree created and zipped by root vs whydiff-builder (runuser), so the ux uid/gid differ" user-host
