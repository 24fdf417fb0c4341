#!/usr/bin/env bash
# tar | gzip -n (pinned) of the tree + buildinfo.h (uname -srvm, nproc) from two machines: the
# kernel line (which carries the kernel's own build date) and the CPU-count line in one hunk.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair shape-uname-nproc

# Two Debian 12 build machines, as make_buildinfo_h.sh captured them there (uname -srvm, nproc).
UNAME_A='Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64' NPROC_A=4
UNAME_B='Linux 6.1.0-25-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 (2024-08-26) x86_64' NPROC_B=32
for side in a b; do
    u=$UNAME_A n=$NPROC_A; [ "$side" = b ] && u=$UNAME_B n=$NPROC_B
    src_tree "$WORK/$side/src"
    WHYDIFF_UNAME="$u" WHYDIFF_NPROC="$n" sh "$SCRIPTS_DIR/make_buildinfo_h.sh" "$WORK/$side/src/buildinfo.h"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/buildinfo.h" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side.tar"
    gzip -n -9 -c "$WORK/$side.tar" > "$WORK/$side.tar.gz"
    put_artifact "$side" "$WORK/$side.tar.gz" release.tar.gz
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) | gzip -n -9 of the tree + buildinfo.h written by make_buildinfo_h.sh (uname -srvm, nproc; values injected); varied: the build machine, kernel 'Linux 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64' vs '... 6.1.0-25-amd64 ... Debian 6.1.106-3 (2024-08-26) ...' AND 4 vs 32 CPUs (adjacent lines)" \
    environment
