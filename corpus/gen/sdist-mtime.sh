#!/usr/bin/env bash
# python -m build --sdist (hatchling, reproducible = false) of sources touched to two dates.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools faketime
setup_pair sdist-mtime

py_venv "$WORK/venv" "${PY_BUILD_PINS[@]}" "${HATCH_PINS[@]}"
PROJ=/tmp/whydiff-sdist-mtime
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    fixed_dir "$PROJ"
    py_project tinypkg-hatch "$PROJ" "$epoch"
    # The frozen clock pins what hatchling stamps with time(): PKG-INFO and the gzip header.
    "${FROZEN_CLOCK[@]}" bash -c "$(declare -f py_sdist); py_sdist '$WORK/venv/bin/python' '$PROJ' '$WORK/$side'"
    put_artifact "$side" "$WORK/$side/tinypkg-1.0.0.tar.gz"
done

write_expected "hatchling 1.25.0 (reproducible = false): python -m build --sdist --no-isolation under faketime 2023-11-14T22:13:20Z (PKG-INFO, gzip header); varied: source mtimes 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (tar member mtimes)" timestamp
