#!/usr/bin/env bash
# outer.tar.gz > middle.zip > inner.tar > pkg/core.py; only core.py's mtime inside inner.tar varies.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip zip
setup_pair nested-3-levels

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    # inner.tar: real file mtimes (no --mtime); all pinned except pkg/core.py.
    src_tree "$WORK/$side/inner"
    touch -d "@$epoch" "$WORK/$side/inner/pkg/core.py"
    tar_tree "$WORK/$side/inner" "$WORK/$side/inner.tar" \
        --format=gnu --sort=name --owner=0 --group=0 --numeric-owner
    # middle.zip: inner.tar with a pinned mtime, zip -X.
    mkdir -p "$WORK/$side/middle"
    mv "$WORK/$side/inner.tar" "$WORK/$side/middle/inner.tar"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/middle/inner.tar" "$WORK/$side/middle"
    (cd "$WORK/$side/middle" && zip -q -X -9 "$WORK/$side/middle.zip" inner.tar)
    # outer.tar.gz: middle.zip, tar all pinned, gzip -n.
    mkdir -p "$WORK/$side/outer"
    mv "$WORK/$side/middle.zip" "$WORK/$side/outer/middle.zip"
    tar "${TAR_PINNED[@]}" -C "$WORK/$side/outer" -cf - middle.zip | gzip -n -9 > "$WORK/$side/outer.tar.gz"
    put_artifact "$side" "$WORK/$side/outer.tar.gz" outer.tar.gz
done

write_expected "GNU tar + Info-ZIP + gzip: outer.tar.gz (tar pinned | gzip -n) > middle.zip (zip -X, pinned mtime) > inner.tar (tar --sort=name, real mtimes); varied: mtime of pkg/core.py in inner.tar, 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z" timestamp
