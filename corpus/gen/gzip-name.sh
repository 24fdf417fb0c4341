#!/usr/bin/env bash
# GNU gzip of the same pinned tar, read from its file (`gzip -c pkg.tar`: FNAME "pkg.tar" in the
# header) vs from standard input (`gzip -c < pkg.tar`: no FNAME). gzip takes MTIME from the input
# in both cases, so the name is all that differs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair gzip-name

src_tree "$WORK/src"
tar_tree "$WORK/src" "$WORK/pkg.tar"
touch -d "@$PINNED_EPOCH" "$WORK/pkg.tar"
(cd "$WORK" && gzip -9 -c pkg.tar > a.tar.gz)
(cd "$WORK" && gzip -9 -c < pkg.tar > b.tar.gz)
put_artifact a "$WORK/a.tar.gz" pkg.tar.gz
put_artifact b "$WORK/b.tar.gz" pkg.tar.gz

write_expected "gzip 1.12: gzip -9 -c of one pinned GNU tar (mtime 1700000000, so MTIME is the same); varied: its input, the file (gzip -9 -c pkg.tar: FNAME pkg.tar) vs standard input (gzip -9 -c < pkg.tar: no FNAME)" compression
