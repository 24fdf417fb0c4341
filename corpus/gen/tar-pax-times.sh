#!/usr/bin/env bash
# GNU tar --format=posix of the same tree records each member's atime and ctime in a pax header.
# They are the file system's times of the checkout, which differ between two checkouts; ctime
# cannot be set on a file, so the two checkouts' times are given to tar itself
# (--pax-option=atime:=T,ctime:=T records T for every member). mtimes are pinned.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar
setup_pair tar-pax-times

src_tree "$WORK/src"
for side in a b; do
    epoch="$DATE_A_EPOCH"; [ "$side" = b ] && epoch="$DATE_B_EPOCH"
    tar_tree "$WORK/src" "$WORK/$side.tar" --format=posix --sort=name --owner=0 --group=0 \
        --numeric-owner "--mtime=@$PINNED_EPOCH" \
        "--pax-option=exthdr.name=%d/PaxHeaders/%f,atime:=$epoch,ctime:=$epoch"
    put_artifact "$side" "$WORK/$side.tar" pkg.tar
done

write_expected "GNU tar: tar --format=posix --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 --pax-option=exthdr.name=%d/PaxHeaders/%f,atime:=T,ctime:=T -cf pkg.tar <tree>; varied: the checkout's atime and ctime T (pax atime/ctime records), 1609459200 vs 1686832496" timestamp
