#!/usr/bin/env bash
# As gzip-name (gzip -9 -c pkg.tar vs gzip -9 -c < pkg.tar: FNAME on the left only), AND a
# genuine edit of pkg/core.py inside the tar on the right: the name recorded on one side only is
# the compressor's variant, the edit must stay content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair gzip-name-edit

for side in a b; do
    src_tree "$WORK/$side/src"
    [ "$side" = b ] && edit_answer "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side/pkg.tar"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/pkg.tar"
done
(cd "$WORK/a" && gzip -9 -c pkg.tar > "$WORK/a.tar.gz")
(cd "$WORK/b" && gzip -9 -c < pkg.tar > "$WORK/b.tar.gz")
put_artifact a "$WORK/a.tar.gz" pkg.tar.gz
put_artifact b "$WORK/b.tar.gz" pkg.tar.gz

write_expected --genuine pkg/core.py "gzip 1.12: gzip -9 -c of a pinned GNU tar (mtime 1700000000); varied: its input, the file (FNAME pkg.tar) vs standard input (no FNAME) AND a genuine edit inside the tar, pkg/core.py answer() returns 41 vs 42" compression content
