#!/usr/bin/env bash
# shiv of the pure-Python tinypkg, built from two project directories (all else pinned:
# --reproducible and SOURCE_DATE_EPOCH, the input mtimes). shiv pip-installs the project into
# its staging site-packages; pip writes the project's file:// URL into the installed
# dist-info's direct_url.json, so that file, its RECORD row and shiv's build_id (a SHA-256
# over the bundled site-packages files, in environment.json) differ.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair shiv-two-dirs

py_venv_exact "$WORK/venv" "${PY_BUILD_PINS[@]}" "${SHIV_PINS[@]}"
DIR_A=/tmp/whydiff-shiv-a
DIR_B=/var/tmp/whydiff-shiv-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    py_project tinypkg "$dir/tinypkg" "$PINNED_EPOCH"
    shiv_build "$WORK/venv" "$dir/tinypkg" "$WORK/$side/tinypkg.pyz" --reproducible
    put_artifact "$side" "$WORK/$side/tinypkg.pyz"
done

write_expected "shiv 1.0.8 (pip 24.0, setuptools 69.5.1): shiv --reproducible -e pkg.core:answer -o tinypkg.pyz --no-deps --no-build-isolation <dir>/tinypkg, SOURCE_DATE_EPOCH=1700000000; varied: <dir> $DIR_A vs $DIR_B (pip's direct_url.json url in the bundled dist-info; its RECORD row and environment.json's build_id follow)" \
    build-path
