#!/usr/bin/env bash
# zipp 3.19.2 from PyPI (setuptools + setuptools_scm) unpacked and built into a wheel
# twice under two umasks, as two users with different defaults would.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair real-zipp-umask

py_venv_exact "$WORK/venv" "${PY_BUILD_PINS[@]}" setuptools-scm==8.1.0
SDIST="$(pypi_fetch "$WORK/venv/bin/python" sdist zipp==3.19.2 \
    bf1dcf6450f873a13e952a29504887c89e6de7506209e5b1bcc3460135d4de19 "$WORK/sdist")"
DIR=/tmp/whydiff-real-zipp-umask
for side in a b; do
    mask=022; [ "$side" = b ] && mask=077
    fixed_dir "$DIR"
    (
        umask "$mask"
        proj="$(unpack_sdist "$SDIST" "$DIR")"
        py_wheel "$WORK/venv/bin/python" "$proj" "$WORK/$side" 2>"$WORK/build.log" \
            || { cat "$WORK/build.log" >&2; exit 1; }
    )
    put_artifact "$side" "$WORK/$side/zipp-3.19.2-py3-none-any.whl"
done

write_expected \
    "zipp 3.19.2 sdist from PyPI, setuptools 69.5.1 + wheel 0.43.0 + setuptools-scm 8.1.0: tar --no-same-permissions -xzf, then python -m build --wheel --no-isolation in $DIR, SOURCE_DATE_EPOCH=1700000000; varied: umask of both steps 022 vs 077 (modes 0644 vs 0600 of every entry but RECORD, which bdist_wheel writes as 0664)" \
    permissions
