#!/usr/bin/env bash
# The auditor's check of iniconfig==2.0.0: its published wheel vs a wheel rebuilt from its
# published sdist with today's hatchling + hatch-vcs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-iniconfig

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_HATCH_VCS[@]}"
rebuilt_pair "$WORK/venv/bin/python" iniconfig==2.0.0 \
    b6a85871a79d2e3b22d2d1b94ac2824226a63c6b741c88f7ae975f18b6778374 \
    2d91e135bf72d31a410b17c16da610a82cb55f6b0477d1a902134b24a455b8b3 \
    "hatchling 1.12.2" "hatchling 1.33.0"

write_expected \
    "iniconfig 2.0.0 (hatchling + hatch-vcs): published wheel (Generator: hatchling 1.12.2, zip times 2020-02-02, hatchling's stamp without SOURCE_DATE_EPOCH) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-iniconfig, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, hatchling 1.33.0 + hatch-vcs 0.5.0 + setuptools-scm 10.3.4; varied: backend (Generator, Metadata-Version 2.1 vs 2.5, iniconfig/_version.py written from vcs-versioning 2.6.0's template with the same version 2.0.0) AND zip times 2020-02-02 vs 2023-11-14T22:13:20Z" \
    dependency-version timestamp
