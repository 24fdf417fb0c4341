#!/usr/bin/env bash
# shiv of tinypkg built in two project directories AND at two SOURCE_DATE_EPOCHs (shiv's
# built_at and every zip entry time): the shiv counterpart of wheel-two-dirs-two-times. One line
# of environment.json changes in two places: built_at (the time) and build_id (which follows
# from direct_url.json, which names the directory).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair shiv-two-dirs-two-times

py_venv_exact "$WORK/venv" "${PY_BUILD_PINS[@]}" "${SHIV_PINS[@]}"
DIR_A=/tmp/whydiff-shiv-dt-a
DIR_B=/var/tmp/whydiff-shiv-dt-build-b
for side in a b; do
    dir=$DIR_A sde=$DATE_A_EPOCH
    [ "$side" = b ] && dir=$DIR_B sde=$DATE_B_EPOCH
    fixed_dir "$dir"
    py_project tinypkg "$dir/tinypkg" "$PINNED_EPOCH"
    SOURCE_DATE_EPOCH=$sde shiv_build "$WORK/venv" "$dir/tinypkg" "$WORK/$side/tinypkg.pyz"
    put_artifact "$side" "$WORK/$side/tinypkg.pyz"
done

write_expected "shiv 1.0.8 (pip 24.0, setuptools 69.5.1): shiv -e pkg.core:answer -o tinypkg.pyz --no-deps --no-build-isolation <dir>/tinypkg; varied: <dir> $DIR_A vs $DIR_B (pip's direct_url.json url; its RECORD row and environment.json's build_id follow) AND SOURCE_DATE_EPOCH 1609459200 vs 1686832496 (environment.json built_at, every zip entry time)" \
    build-path timestamp
