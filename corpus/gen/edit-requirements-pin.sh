#!/usr/bin/env bash
# hatchling sdists of tinyapp made by two hatchling releases (PKG-INFO Metadata-Version differs),
# whose requirements.txt pin was also raised by hand (requests 2.31.0 -> 2.32.0).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair edit-requirements-pin

# a: hatchling 1.21.1 (writes Metadata-Version 2.1); b: hatchling 1.25.0 (2.3).
HATCH_OLD_PINS=(hatchling==1.21.1 editables==0.5 pathspec==0.12.1 pluggy==1.5.0 trove-classifiers==2024.7.2)
py_venv "$WORK/venv-a" "${PY_BUILD_PINS[@]}" "${HATCH_OLD_PINS[@]}"
py_venv "$WORK/venv-b" "${PY_BUILD_PINS[@]}" "${HATCH_PINS[@]}"
PROJ=/tmp/whydiff-edit-requirements-pin
for side in a b; do
    fixed_dir "$PROJ"
    app_tree "$PROJ"
    if [ "$side" = b ]; then
        edit_text "$PROJ/requirements.txt" 'requests==2.31.0' 'requests==2.32.0'
    fi
    py_sdist "$WORK/venv-$side/bin/python" "$PROJ" "$WORK/$side" SOURCE_DATE_EPOCH="$PINNED_EPOCH"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.tar.gz"
done

write_expected "python -m build --sdist --no-isolation in /tmp/whydiff-edit-requirements-pin, SOURCE_DATE_EPOCH=1700000000 (reproducible tar); varied: the packager, hatchling 1.21.1 vs 1.25.0 (PKG-INFO Metadata-Version 2.1 vs 2.3) AND a genuine edit, requirements.txt requests==2.31.0 vs requests==2.32.0" \
    content dependency-version --genuine tinyapp-1.0.0/requirements.txt
