#!/usr/bin/env bash
# python -m build --wheel of tinypkg; pkg/core.py answer() returns 41 vs 42.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair wheel-edit

py_venv "$WORK/venv"
PROJ=/tmp/whydiff-wheel-edit
for side in a b; do
    fixed_dir "$PROJ"
    py_project tinypkg "$PROJ" "$PINNED_EPOCH"
    [ "$side" = b ] && edit_answer "$PROJ"
    py_wheel "$WORK/venv/bin/python" "$PROJ" "$WORK/$side"
    put_artifact "$side" "$WORK/$side/tinypkg-1.0.0-py3-none-any.whl"
done

write_expected "setuptools 69.5.1 + wheel 0.43.0: python -m build --wheel --no-isolation in /tmp/whydiff-wheel-edit, SOURCE_DATE_EPOCH=1700000000; varied: pkg/core.py answer() returns 41 vs 42" content
