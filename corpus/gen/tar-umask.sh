#!/usr/bin/env bash
# GNU tar (all pinned) of a tree created under umask 022 vs 077.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar
setup_pair tar-umask

for side in a b; do
    mask=022; [ "$side" = b ] && mask=077
    (umask "$mask"; src_tree "$WORK/$side")
    tar_tree "$WORK/$side" "$WORK/$side.tar"
    put_artifact "$side" "$WORK/$side.tar" pkg.tar
done

write_expected "GNU tar: tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 -cf pkg.tar <tree>; varied: umask when the tree was created, 022 vs 077" permissions
