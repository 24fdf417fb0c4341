#!/usr/bin/env bash
# GNU tar of the same tree, every member's mtime forced with --mtime to one build date vs another
# (as a build that stamps its archive with the build clock does).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar
setup_pair tar-mtime

src_tree "$WORK/src"
for side in a b; do
    epoch="$DATE_A_EPOCH"; [ "$side" = b ] && epoch="$DATE_B_EPOCH"
    tar_tree "$WORK/src" "$WORK/$side.tar" --format=gnu --sort=name --owner=0 --group=0 \
        --numeric-owner "--mtime=@$epoch"
    put_artifact "$side" "$WORK/$side.tar" pkg.tar
done

write_expected "GNU tar: tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime=@EPOCH -cf pkg.tar <tree>; varied: EPOCH 1609459200 (2021-01-01T00:00:00Z) vs 1686832496 (2023-06-15T12:34:56Z)" timestamp
