#!/usr/bin/env bash
# libarchive's bsdtar --format zip of the same tar (names with non-ASCII UTF-8 bytes) under the
# C locale vs C.UTF-8: libarchive marks a non-ASCII name UTF-8 (general purpose bit 11) only when
# the locale's character set is UTF-8; the names' bytes are the same.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar bsdtar
setup_pair zip-name-encoding

# The tree, plus a directory and a file whose names are not ASCII.
src_tree "$WORK/src"
mkdir -p "$WORK/src/données"
printf 'label,value\ncafé,1\n' > "$WORK/src/données/café.csv"
find "$WORK/src" -exec touch -h -d "@$PINNED_EPOCH" {} +
# bsdtar reads the members from a pinned GNU tar (gnu format: no atime or ctime, which bsdtar
# would otherwise copy into the zip's extended-timestamp field from the file system).
tar_tree "$WORK/src" "$WORK/pkg.tar"
(cd "$WORK" && LC_ALL=C bsdtar --format zip -cf "$WORK/a.zip" @pkg.tar 2>/dev/null)
(cd "$WORK" && LC_ALL=C.UTF-8 bsdtar --format zip -cf "$WORK/b.zip" @pkg.tar)
put_artifact a "$WORK/a.zip" pkg.zip
put_artifact b "$WORK/b.zip" pkg.zip

write_expected "libarchive 3.6 bsdtar: bsdtar --format zip -cf pkg.zip @pkg.tar (a pinned GNU tar of the tree plus données/café.csv); varied: the locale, LC_ALL=C vs C.UTF-8, so the two non-ASCII names (same bytes) are marked UTF-8 (general purpose bit 11) on the right only" compression
