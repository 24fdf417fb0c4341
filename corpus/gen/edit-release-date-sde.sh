#!/usr/bin/env bash
# hatchling sdist (reproducible, same SOURCE_DATE_EPOCH on both sides) of tinyapp whose
# RELEASE_DATE constant was edited by hand: a date that changed on purpose.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair edit-release-date-sde

py_venv "$WORK/venv" "${PY_BUILD_PINS[@]}" "${HATCH_PINS[@]}"
PROJ=/tmp/whydiff-edit-release-date-sde
for side in a b; do
    fixed_dir "$PROJ"
    app_tree "$PROJ"
    if [ "$side" = b ]; then
        edit_text "$PROJ/app/release.py" 'RELEASE_DATE = "2024-01-01"' 'RELEASE_DATE = "2024-02-01"'
    fi
    # hatchling's default reproducible mode: tar and gzip times from SOURCE_DATE_EPOCH.
    py_sdist "$WORK/venv/bin/python" "$PROJ" "$WORK/$side" SOURCE_DATE_EPOCH="$PINNED_EPOCH"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.tar.gz"
done

write_expected "hatchling 1.25.0 (reproducible, the default): python -m build --sdist --no-isolation in /tmp/whydiff-edit-release-date-sde, SOURCE_DATE_EPOCH=1700000000 on both sides (declared); varied: a genuine edit, app/release.py RELEASE_DATE = \"2024-01-01\" vs \"2024-02-01\"" \
    content --genuine tinyapp-1.0.0/app/release.py \
    --left SOURCE_DATE_EPOCH="$PINNED_EPOCH" --right SOURCE_DATE_EPOCH="$PINNED_EPOCH"
