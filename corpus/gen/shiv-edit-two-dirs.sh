#!/usr/bin/env bash
# shiv-two-dirs plus a genuine edit of the bundled code: the project built from two directories
# (direct_url.json, its RECORD row and build_id follow) AND pkg/core.py's answer() returning 42
# instead of 41 on the right. The build_id follows from both; the edit must stay content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair shiv-edit-two-dirs

py_venv_exact "$WORK/venv" "${PY_BUILD_PINS[@]}" "${SHIV_PINS[@]}"
DIR_A=/tmp/whydiff-shiv-edit-a
DIR_B=/var/tmp/whydiff-shiv-edit-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    py_project tinypkg "$dir/tinypkg" "$PINNED_EPOCH"
    [ "$side" = b ] && edit_answer "$dir/tinypkg"
    shiv_build "$WORK/venv" "$dir/tinypkg" "$WORK/$side/tinypkg.pyz" --reproducible
    put_artifact "$side" "$WORK/$side/tinypkg.pyz"
done

write_expected --genuine site-packages/pkg/core.py \
    "shiv 1.0.8 (pip 24.0, setuptools 69.5.1): shiv --reproducible -e pkg.core:answer -o tinypkg.pyz --no-deps --no-build-isolation <dir>/tinypkg, SOURCE_DATE_EPOCH=1700000000; varied: <dir> $DIR_A vs $DIR_B (pip's direct_url.json url) AND a genuine edit, pkg/core.py answer() returns 41 vs 42 (RECORD rows and environment.json's build_id follow from both)" \
    build-path content
