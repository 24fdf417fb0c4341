#!/usr/bin/env bash
# The C-extension wheel built in two dirs, at two SOURCE_DATE_EPOCHs, under two umasks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair wheel-mixed

py_venv "$WORK/venv"
DIR_A=/tmp/whydiff-mixed-a
DIR_B=/var/tmp/whydiff-mixed-other
for side in a b; do
    dir=$DIR_A sde=$DATE_A_EPOCH mask=022
    [ "$side" = b ] && dir=$DIR_B sde=$DATE_B_EPOCH mask=077
    fixed_dir "$dir"
    (
        umask "$mask"
        py_project tinyext "$dir/tinyext" "$PINNED_EPOCH"
        py_wheel "$WORK/venv/bin/python" "$dir/tinyext" "$WORK/$side" SOURCE_DATE_EPOCH="$sde"
    )
    put_artifact "$side" "$WORK/$side/tinyext-1.0.0-cp311-cp311-linux_x86_64.whl"
done

write_expected "setuptools 69.5.1 + wheel 0.43.0: python -m build --wheel --no-isolation of tinyext (C extension, gcc -g); varied: project dir /tmp/whydiff-mixed-a/tinyext vs /var/tmp/whydiff-mixed-other/tinyext AND SOURCE_DATE_EPOCH 1609459200 vs 1686832496 AND umask 022 vs 077 (source tree and build)" build-path permissions timestamp
