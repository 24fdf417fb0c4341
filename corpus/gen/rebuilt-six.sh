#!/usr/bin/env bash
# The auditor's check of six 1.16.0: its published wheel vs a wheel rebuilt from its
# published sdist with today's setuptools (setup.py only, no pyproject.toml).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-six

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_SETUPTOOLS[@]}"
rebuilt_pair "$WORK/venv/bin/python" six==1.16.0 \
    8abb2f1d86890a2dfb989f9a77cfcfd3e47c2a354b01111771326f8aa26e0254 \
    1e61c37477a1626458e36f7b1d82aa5c9b094fa4802892072e49de9c60c4c926 \
    "bdist_wheel (0.36.2)" "setuptools (84.2.1)"

write_expected --declared right SOURCE_DATE_EPOCH=1700000000 \
    "six 1.16.0 (setup.py only): published wheel (Generator: bdist_wheel (0.36.2), built 2021-05-05 under umask 002) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-six, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, setuptools 84.2.1; varied: backend bdist_wheel 0.36.2 vs setuptools 84.2.1 (Generator, Metadata-Version 2.1 vs 2.4, License-File and Dynamic fields, Platform: UNKNOWN dropped, LICENSE moved to .dist-info/licenses/) AND zip times 2021-05-05 vs 2023-11-14T22:13:20Z AND modes 0664 vs 0644 (RECORD: 0664 without vs with the regular-file type bits, same permissions)" \
    dependency-version permissions timestamp
