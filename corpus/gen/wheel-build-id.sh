#!/usr/bin/env bash
# python -m build --wheel of tinypkg whose setup.py writes pkg/_build_id.py = secrets.token_hex(16).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair wheel-build-id

# Two values secrets.token_hex(16) returned on two runs, recorded so reruns reproduce.
BUILD_ID_A=7ddb77bd74d90794aa1be7fb25b72eeb
BUILD_ID_B=815d95b84506a7c38976e2ff423d12ae
py_venv "$WORK/venv"
PROJ=/tmp/whydiff-wheel-build-id
for side in a b; do
    id=$BUILD_ID_A; [ "$side" = b ] && id=$BUILD_ID_B
    fixed_dir "$PROJ"
    py_project tinypkg-buildid "$PROJ" "$PINNED_EPOCH"
    py_wheel "$WORK/venv/bin/python" "$PROJ" "$WORK/$side" WHYDIFF_BUILD_ID="$id"
    put_artifact "$side" "$WORK/$side/tinypkg-1.0.0-py3-none-any.whl"
done

write_expected "setuptools 69.5.1 + wheel 0.43.0: python -m build --wheel --no-isolation, SOURCE_DATE_EPOCH=1700000000; setup.py writes pkg/_build_id.py with secrets.token_hex(16); varied: the random build id (two recorded draws, replayed via WHYDIFF_BUILD_ID)" randomness
