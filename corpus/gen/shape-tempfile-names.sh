#!/usr/bin/env bash
# tar | gzip -n (pinned) of the tree + build.log naming the step's tempfile.mkdtemp() work dir,
# once absolute (/tmp/tmpXXXXXXXX/fast.o) and once relative (tmpXXXXXXXX/fast.o).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair shape-tempfile-names

# Two directories tempfile.mkdtemp() returned on two runs, recorded so reruns reproduce.
TMP_A=/tmp/tmpi_1nxxr1
TMP_B=/tmp/tmpv5n3x183
for side in a b; do
    t=$TMP_A; [ "$side" = b ] && t=$TMP_B
    src_tree "$WORK/$side/src"
    WHYDIFF_TMPDIR="$t" "$SYS_PYTHON" "$SCRIPTS_DIR/write_build_log.py" "$WORK/$side/src/build.log"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/build.log" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side.tar"
    gzip -n -9 -c "$WORK/$side.tar" > "$WORK/$side.tar.gz"
    put_artifact "$side" "$WORK/$side.tar.gz" release.tar.gz
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) | gzip -n -9 of the tree + build.log written by write_build_log.py (its tempfile.mkdtemp() work dir, absolute and relative to /tmp); varied: the temp dir, /tmp/tmpi_1nxxr1 vs /tmp/tmpv5n3x183 (two recorded draws, replayed via WHYDIFF_TMPDIR)" \
    build-path
