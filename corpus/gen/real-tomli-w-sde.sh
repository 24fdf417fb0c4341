#!/usr/bin/env bash
# tomli_w 1.0.0 from PyPI built into a wheel by flit_core twice, the build clock frozen,
# without and with SOURCE_DATE_EPOCH. Without it flit stamps each copied file with its
# mtime (2021-12-01, from the sdist) and the .dist-info files it writes with 2016-01-01.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair real-tomli-w-sde
need_tools faketime

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_FLIT[@]}"
SDIST="$(pypi_fetch "$WORK/venv/bin/python" sdist tomli-w==1.0.0 \
    f463434305e0336248cac9c2dc8076b707d8a12d019dd349f5c1e382dd1ae1b9 "$WORK/sdist")"
DIR=/tmp/whydiff-real-tomli-w-sde
for side in a b; do
    fixed_dir "$DIR"
    proj="$(unpack_sdist "$SDIST" "$DIR")"
    if [ "$side" = a ]; then sde=(-u SOURCE_DATE_EPOCH); else sde=(SOURCE_DATE_EPOCH="$PINNED_EPOCH"); fi
    (cd "$proj" && env "${sde[@]}" "${FROZEN_CLOCK[@]}" "$WORK/venv/bin/python" \
        -m build --wheel --no-isolation --outdir "$WORK/$side" . >/dev/null 2>"$WORK/build.log") \
        || { cat "$WORK/build.log" >&2; exit 1; }
    put_artifact "$side" "$WORK/$side/tomli_w-1.0.0-py3-none-any.whl"
done

write_expected --declared right SOURCE_DATE_EPOCH=$PINNED_EPOCH \
    "tomli_w 1.0.0 sdist from PyPI, flit_core 3.12.0: python -m build --wheel --no-isolation in $DIR under faketime 2023-11-14T22:13:20Z; varied: SOURCE_DATE_EPOCH unset vs 1700000000 (zip times: package files and LICENSE 2021-12-01T23:54:50 (their mtimes, from the sdist) and WHEEL/METADATA/RECORD 2016-01-01 (flit's stamp) vs all 2023-11-14T22:13:20Z)" \
    timestamp
