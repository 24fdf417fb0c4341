#!/usr/bin/env bash
# GNU tar of a tree holding a block device node (as a root file system image does), made with
# mknod as root: dev/loop0 is block 7:0 vs 7:1. The numbers are which device the node opens: a
# genuine change of the member, which must stay content (not the build host's device numbers).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar mknod
setup_pair tar-device-node-edit

for side in a b; do
    minor=0; [ "$side" = b ] && minor=1
    src_tree "$WORK/$side"
    mkdir -p "$WORK/$side/dev"
    mknod -m 0660 "$WORK/$side/dev/loop0" b 7 "$minor"
    touch -h -d "@$PINNED_EPOCH" "$WORK/$side/dev/loop0" "$WORK/$side/dev"
    tar_tree "$WORK/$side" "$WORK/$side.tar"
    put_artifact "$side" "$WORK/$side.tar" rootfs.tar
done

write_expected --genuine dev/loop0 "GNU tar: tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 -cf rootfs.tar <tree> with dev/loop0 made by mknod -m 0660 (as root); varied: a genuine edit, the node's device, block 7:0 vs 7:1 (tar devminor)" content
