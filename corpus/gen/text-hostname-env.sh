#!/usr/bin/env bash
# tar (pinned) of the tree + buildinfo.txt from make_buildinfo.sh (uname -r, nproc) on two machines.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar
setup_pair text-hostname-env

# This machine has one kernel and one CPU count: the two build machines' values are
# injected as make_buildinfo.sh would capture them (uname -r, nproc).
KERNEL_A=6.1.0-18-amd64 NPROC_A=8
KERNEL_B=6.1.0-25-amd64 NPROC_B=16
for side in a b; do
    k=$KERNEL_A n=$NPROC_A; [ "$side" = b ] && k=$KERNEL_B n=$NPROC_B
    src_tree "$WORK/$side/src"
    WHYDIFF_KERNEL="$k" WHYDIFF_NPROC="$n" sh "$BUILD_SOURCES_DIR/scripts/make_buildinfo.sh" "$WORK/$side/src/buildinfo.txt"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/buildinfo.txt" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side/release.tar"
    put_artifact "$side" "$WORK/$side/release.tar"
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) of the tree + buildinfo.txt written by make_buildinfo.sh (uname -r, nproc; values injected); varied: kernel 6.1.0-18-amd64 vs 6.1.0-25-amd64 AND 8 vs 16 CPUs" environment
