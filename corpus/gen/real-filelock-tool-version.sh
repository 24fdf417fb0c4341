#!/usr/bin/env bash
# filelock 3.15.4 from PyPI (hatchling + hatch-vcs) built into a wheel by two hatchling
# releases; every other package in the two build venvs is the same pinned version.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair real-filelock-tool-version

COMMON=(pip==24.0 build==1.2.1 packaging==24.2 pyproject_hooks==1.1.0 pathspec==0.12.1
        pluggy==1.5.0 tomlkit==0.13.2 trove-classifiers==2024.7.2 hatch-vcs==0.4.0
        setuptools-scm==8.1.0 setuptools==69.5.1)
DIR=/tmp/whydiff-real-filelock-tool-version
for side in a b; do
    hatchling=hatchling==1.25.0; [ "$side" = b ] && hatchling=hatchling==1.33.0
    py_venv_exact "$WORK/venv-$side" "${COMMON[@]}" "$hatchling"
    SDIST="$(pypi_fetch "$WORK/venv-$side/bin/python" sdist filelock==3.15.4 \
        2207938cbc1844345cb01a5a95524dae30f0ce089eba5b00378295a17e3e90cb "$WORK/sdist")"
    fixed_dir "$DIR"
    proj="$(unpack_sdist "$SDIST" "$DIR")"
    py_wheel "$WORK/venv-$side/bin/python" "$proj" "$WORK/$side" 2>"$WORK/build.log" \
        || { cat "$WORK/build.log" >&2; exit 1; }
    put_artifact "$side" "$WORK/$side/filelock-3.15.4-py3-none-any.whl"
done

write_expected \
    "filelock 3.15.4 sdist from PyPI, hatch-vcs 0.4.0 + setuptools-scm 8.1.0: python -m build --wheel --no-isolation in $DIR, SOURCE_DATE_EPOCH=1700000000; varied: hatchling 1.25.0 vs 1.33.0 (WHEEL Generator, METADATA)" \
    dependency-version
