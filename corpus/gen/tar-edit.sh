#!/usr/bin/env bash
# GNU tar (all pinned) where one line of pkg/core.py really changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar
setup_pair tar-edit

for side in a b; do
    src_tree "$WORK/$side"
    if [ "$side" = b ]; then
        edit_answer "$WORK/b"
    fi
    tar_tree "$WORK/$side" "$WORK/$side.tar"
    put_artifact "$side" "$WORK/$side.tar" pkg.tar
done

write_expected "GNU tar: tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 -cf pkg.tar <tree>; varied: pkg/core.py answer() returns 41 vs 42" content
