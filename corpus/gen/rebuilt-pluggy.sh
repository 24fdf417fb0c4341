#!/usr/bin/env bash
# The auditor's check of pluggy==1.5.0: its published wheel vs a wheel rebuilt from its
# published sdist with today's setuptools + setuptools_scm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-pluggy

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_SETUPTOOLS_SCM[@]}"
rebuilt_pair "$WORK/venv/bin/python" pluggy==1.5.0 \
    44e1ad92c8ca002de6377e165f3e0f1be63266ab4d554740532335b9d75ea669 \
    2cffa88e94fdc978c4c574f15f9e59b7f4201d439195c3715ca9e2486f1d0cf1 \
    "bdist_wheel (0.43.0)" "setuptools (84.2.1)"

write_expected \
    "pluggy 1.5.0 (setuptools + setuptools_scm): published wheel (Generator: bdist_wheel (0.43.0), zip times 2024-04-20) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-pluggy, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, setuptools 84.2.1 + setuptools-scm 10.3.4; varied: backend (Generator, Metadata-Version 2.1 vs 2.4, Requires-Dist spelling, Dynamic: license-file, LICENSE moved to .dist-info/licenses/, pluggy/_version.py written from vcs-versioning 2.6.0's template with the same version 1.5.0) AND zip times 2024-04-20 vs 2023-11-14T22:13:20Z" \
    dependency-version timestamp
