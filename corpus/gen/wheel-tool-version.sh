#!/usr/bin/env bash
# python -m build --wheel of tinypkg by two pinned setuptools + wheel versions.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair wheel-tool-version

PROJ=/tmp/whydiff-wheel-tool-version
for side in a b; do
    if [ "$side" = a ]; then
        py_venv "$WORK/venv-a" pip==24.0 setuptools==68.2.2 wheel==0.41.3 build==1.2.1 packaging==24.0 pyproject_hooks==1.1.0
    else
        py_venv "$WORK/venv-b" "${PY_BUILD_PINS[@]}"
    fi
    fixed_dir "$PROJ"
    py_project tinypkg "$PROJ" "$PINNED_EPOCH"
    py_wheel "$WORK/venv-$side/bin/python" "$PROJ" "$WORK/$side"
    put_artifact "$side" "$WORK/$side/tinypkg-1.0.0-py3-none-any.whl"
done

write_expected "python -m build --wheel --no-isolation in /tmp/whydiff-wheel-tool-version, SOURCE_DATE_EPOCH=1700000000; varied: build tools setuptools 68.2.2 + wheel 0.41.3 vs setuptools 69.5.1 + wheel 0.43.0 (WHEEL Generator, METADATA)" dependency-version
