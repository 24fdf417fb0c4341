#!/usr/bin/env bash
# Info-ZIP zip -X given the same files in two orders (the -@ file list).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair zip-order

src_tree "$WORK/src"
members "$WORK/src" > "$WORK/a.list"
# b: the same paths, directories still before their contents, but top-level
# entries and siblings in reverse byte order.
cat > "$WORK/b.list" <<'LIST'
pkg
pkg/util
pkg/util/strings.py
pkg/util/__init__.py
pkg/core.py
pkg/__init__.py
data
data/colors.csv
README.md
LIST
cmp -s <(LC_ALL=C sort "$WORK/a.list") <(LC_ALL=C sort "$WORK/b.list") \
    || { echo "zip-order: b.list is not a permutation of the tree" >&2; exit 1; }
for side in a b; do
    zip_list "$WORK/src" "$WORK/$side.zip" "$WORK/$side.list"
    put_artifact "$side" "$WORK/$side.zip" pkg.zip
done

write_expected "Info-ZIP: zip -X -@ pkg.zip < list; varied: order of the file list (byte-sorted vs reversed siblings)" ordering
