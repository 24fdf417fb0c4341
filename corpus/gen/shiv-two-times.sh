#!/usr/bin/env bash
# shiv of the pure-Python tinypkg, built at two times: SOURCE_DATE_EPOCH unset and no
# --reproducible, so shiv takes time.time() (under faketime) for environment.json's built_at
# and for every zip entry time. The bundled files are the same, so build_id is equal.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools faketime
setup_pair shiv-two-times

py_venv_exact "$WORK/venv" "${PY_BUILD_PINS[@]}" "${SHIV_PINS[@]}"
DIR=/tmp/whydiff-shiv-two-times
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    fixed_dir "$DIR"
    py_project tinypkg "$DIR/tinypkg" "$PINNED_EPOCH"
    at_clock "$epoch" env -u SOURCE_DATE_EPOCH \
        bash -c "$(declare -f shiv_build); shiv_build \"\$@\"" shiv_build \
        "$WORK/venv" "$DIR/tinypkg" "$WORK/$side/tinypkg.pyz"
    put_artifact "$side" "$WORK/$side/tinypkg.pyz"
done

write_expected "shiv 1.0.8 (pip 24.0, setuptools 69.5.1): shiv -e pkg.core:answer -o tinypkg.pyz --no-deps --no-build-isolation /tmp/whydiff-shiv-two-times/tinypkg, SOURCE_DATE_EPOCH unset; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (environment.json built_at, every zip entry time)" \
    timestamp
