#!/usr/bin/env bash
# hatchling wheels of tinyapp built with two SOURCE_DATE_EPOCHs (declared) whose EXPIRES epoch
# constant was also edited by hand: an epoch that changed on purpose next to the build's epoch.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair edit-epoch-wheel-sde

py_venv "$WORK/venv" "${PY_BUILD_PINS[@]}" "${HATCH_PINS[@]}"
PROJ=/tmp/whydiff-edit-epoch-wheel-sde
for side in a b; do
    sde=$DATE_A_EPOCH; [ "$side" = b ] && sde=$DATE_B_EPOCH
    fixed_dir "$PROJ"
    app_tree "$PROJ"
    if [ "$side" = b ]; then
        edit_text "$PROJ/app/release.py" 'EXPIRES = 1735689600' 'EXPIRES = 1738368000'
    fi
    py_wheel "$WORK/venv/bin/python" "$PROJ" "$WORK/$side" SOURCE_DATE_EPOCH="$sde"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0-py3-none-any.whl"
done

write_expected "hatchling 1.25.0 (reproducible): python -m build --wheel --no-isolation in /tmp/whydiff-edit-epoch-wheel-sde; varied: SOURCE_DATE_EPOCH 1609459200 vs 1686832496 (declared; every zip entry time) AND a genuine edit, app/release.py EXPIRES = 1735689600 vs 1738368000" \
    content timestamp --genuine app/release.py \
    --left SOURCE_DATE_EPOCH="$DATE_A_EPOCH" --right SOURCE_DATE_EPOCH="$DATE_B_EPOCH"
