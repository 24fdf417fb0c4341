#!/usr/bin/env bash
# GNU tar given the same files in two orders (explicit list, no --sort).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar
setup_pair tar-order

src_tree "$WORK/src"
members "$WORK/src" > "$WORK/a.list"
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
    || { echo "tar-order: b.list is not a permutation of the tree" >&2; exit 1; }
for side in a b; do
    tar --format=gnu --owner=0 --group=0 --numeric-owner "--mtime=@$PINNED_EPOCH" \
        --no-recursion -C "$WORK/src" -cf "$WORK/$side.tar" -T "$WORK/$side.list"
    put_artifact "$side" "$WORK/$side.tar" pkg.tar
done

write_expected "GNU tar: tar --format=gnu --owner=0 --group=0 --numeric-owner --mtime=@1700000000 --no-recursion -cf pkg.tar -T list; varied: order of the file list" ordering
