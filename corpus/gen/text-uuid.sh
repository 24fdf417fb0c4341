#!/usr/bin/env bash
# tar | gzip -n (pinned) of the tree + build_info.json holding a uuid.uuid4() from the build script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip python3
setup_pair text-uuid

# Two values uuid.uuid4() returned on two runs, recorded so reruns reproduce.
UUID_A=4d5aed1e-3f19-44e0-85e9-b5d9f07a49ed
UUID_B=4715f0f7-19a9-4ed5-8a61-4bedeb6a78b6
for side in a b; do
    u=$UUID_A; [ "$side" = b ] && u=$UUID_B
    src_tree "$WORK/$side/src"
    WHYDIFF_UUID="$u" python3 "$BUILD_SOURCES_DIR/scripts/make_build_info.py" "$WORK/$side/src/build_info.json"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/build_info.json" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side/release.tar"
    gzip -n -9 -c "$WORK/$side/release.tar" > "$WORK/$side/release.tar.gz"
    put_artifact "$side" "$WORK/$side/release.tar.gz"
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) | gzip -n -9 of the tree + build_info.json written by make_build_info.py; varied: its uuid.uuid4() build_uuid (two recorded draws, replayed via WHYDIFF_UUID)" randomness
