#!/usr/bin/env bash
# MarkupSafe 2.1.5 from PyPI (a C extension, src/markupsafe/_speedups.c) built into a
# wheel twice by the system gcc, in two build directories. Debian's python3 compiles
# extensions with -g, so the directory lands in the .so's DWARF (DW_AT_comp_dir).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair real-markupsafe-build-path
need_tools gcc

py_venv_exact "$WORK/venv" "${PY_BUILD_PINS[@]}"
SDIST="$(pypi_fetch "$WORK/venv/bin/python" sdist MarkupSafe==2.1.5 \
    d283d37a890ba4c1ae73ffadf8046435c76e7bc2247bbb63c00bd1a709c6544b "$WORK/sdist")"
DIR_A=/tmp/whydiff-real-markupsafe-a
DIR_B=/var/tmp/whydiff-real-markupsafe-build-b
WHEEL=MarkupSafe-2.1.5-cp311-cp311-linux_x86_64.whl
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    # The project is the build directory itself (the sdist's top directory stripped).
    tar --no-same-owner --no-same-permissions --strip-components=1 -xzf "$SDIST" -C "$dir"
    py_wheel "$WORK/venv/bin/python" "$dir" "$WORK/$side" 2>"$WORK/build-$side.log" \
        || { cat "$WORK/build-$side.log" >&2; exit 1; }
    put_artifact "$side" "$WORK/$side/$WHEEL"
done

write_expected --declared left build_path=$DIR_A --declared right build_path=$DIR_B \
    "MarkupSafe 2.1.5 sdist from PyPI, setuptools 69.5.1 + wheel 0.43.0 + gcc 12 (Debian's python3 CFLAGS: -g -O2): cd <dir> && python -m build --wheel --no-isolation, SOURCE_DATE_EPOCH=1700000000; varied: <dir> $DIR_A vs $DIR_B (DW_AT_comp_dir of _speedups.cpython-311-x86_64-linux-gnu.so; its build-id, size and RECORD row follow)" \
    build-path
