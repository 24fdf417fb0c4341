#!/usr/bin/env bash
# python -m build --wheel of the pure-Python tinypkg at two SOURCE_DATE_EPOCHs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair wheel-sde

py_venv "$WORK/venv"
PROJ=/tmp/whydiff-wheel-sde
for side in a b; do
    sde=$DATE_A_EPOCH; [ "$side" = b ] && sde=$DATE_B_EPOCH
    fixed_dir "$PROJ"
    py_project tinypkg "$PROJ" "$PINNED_EPOCH"
    py_wheel "$WORK/venv/bin/python" "$PROJ" "$WORK/$side" SOURCE_DATE_EPOCH="$sde"
    put_artifact "$side" "$WORK/$side/tinypkg-1.0.0-py3-none-any.whl"
done

write_expected "setuptools 69.5.1 + wheel 0.43.0: python -m build --wheel --no-isolation in /tmp/whydiff-wheel-sde (input mtimes 1700000000); varied: SOURCE_DATE_EPOCH 1609459200 vs 1686832496 (every zip entry time)" timestamp
