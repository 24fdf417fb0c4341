#!/usr/bin/env bash
# The README demo: a wheel with a C extension "built twice in two directories at two times".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair wheel-two-dirs-two-times

py_venv "$WORK/venv"
DIR_A=/tmp/whydiff-build-a
DIR_B=/var/tmp/whydiff-other-dir
for side in a b; do
    dir=$DIR_A sde=$DATE_A_EPOCH
    [ "$side" = b ] && dir=$DIR_B sde=$DATE_B_EPOCH
    fixed_dir "$dir"
    py_project tinyext "$dir/tinyext" "$PINNED_EPOCH"
    py_wheel "$WORK/venv/bin/python" "$dir/tinyext" "$WORK/$side" SOURCE_DATE_EPOCH="$sde"
    put_artifact "$side" "$WORK/$side/tinyext-1.0.0-cp311-cp311-linux_x86_64.whl"
done

write_expected "setuptools 69.5.1 + wheel 0.43.0: python -m build --wheel --no-isolation of tinyext (C extension, gcc -g: DW_AT_comp_dir is the project dir); varied: project dir /tmp/whydiff-build-a/tinyext vs /var/tmp/whydiff-other-dir/tinyext AND SOURCE_DATE_EPOCH 1609459200 vs 1686832496" build-path timestamp
