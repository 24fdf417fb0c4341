#!/usr/bin/env bash
# GNU tar --format=posix --xattrs of the same tree; one file's extended attribute (an SELinux-like
# label in the user namespace) differs, as when the build machine's policy labels files otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar python3
setup_pair tar-xattr

# Pinned as TAR_PINNED, in the pax format (the only one holding attributes), with pax header names
# free of the process id and no atime/ctime records.
TAR_XATTR=(--format=posix --sort=name --owner=0 --group=0 --numeric-owner "--mtime=@$PINNED_EPOCH"
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime
    --xattrs --xattrs-include='user.*')

# setxattr(2), as setfattr -n NAME -v VALUE does (setfattr is not in the base image).
setxattr() {
    python3 -c 'import os, sys; os.setxattr(sys.argv[1], sys.argv[2], sys.argv[3].encode())' "$@"
}

for side in a b; do
    label=system_u:object_r:usr_t:s0
    [ "$side" = b ] && label=unconfined_u:object_r:user_home_t:s0
    src_tree "$WORK/$side"
    # The same attribute on both sides, and the varied label.
    setxattr "$WORK/$side/README.md" user.origin corpus
    setxattr "$WORK/$side/pkg/core.py" user.label "$label"
    tar_tree "$WORK/$side" "$WORK/$side.tar" "${TAR_XATTR[@]}"
    put_artifact "$side" "$WORK/$side.tar" pkg.tar
done

write_expected "GNU tar: tar --format=posix --xattrs --xattrs-include='user.*' --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 -cf pkg.tar <tree>, README.md with user.origin=corpus on both sides; varied: pkg/core.py's user.label, system_u:object_r:usr_t:s0 vs unconfined_u:object_r:user_home_t:s0" permissions
