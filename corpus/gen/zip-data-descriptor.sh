#!/usr/bin/env bash
# Info-ZIP zip -X of the same tree written to a file vs streamed to a pipe (`zip - ... | cat`):
# a writer that cannot seek back puts each entry's CRC and sizes in a data descriptor after
# its data (general purpose bit 3), and deflates even the entry it would have stored.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair zip-data-descriptor

src_tree "$WORK/src"
members "$WORK/src" > "$WORK/list"
(cd "$WORK/src" && zip -q -X "$WORK/a.zip" -@ < "$WORK/list")
# The output is a pipe: zip cannot seek, so it streams.
(cd "$WORK/src" && zip -q -X - -@ < "$WORK/list" | cat > "$WORK/b.zip")
put_artifact a "$WORK/a.zip" pkg.zip
put_artifact b "$WORK/b.zip" pkg.zip

write_expected "Info-ZIP: zip -X of the byte-sorted list of the tree (mtimes 1700000000); varied: the output, a file (zip -X pkg.zip -@) vs a pipe (zip -X - -@ | cat > pkg.zip), so entries carry data descriptors (general purpose bit 3) and the 27-byte pkg/util/__init__.py is deflated instead of stored" compression
