#!/usr/bin/env bash
# The auditor's check of pastel==0.2.1: its published wheel vs a wheel rebuilt from its
# published sdist with today's poetry-core (the wheel was built by poetry 1.0.0a9 itself).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-pastel

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_POETRY[@]}"
rebuilt_pair "$WORK/venv/bin/python" pastel==0.2.1 \
    4349225fcdf6c2bb34d483e523475de5bb04a5c10ef711263452cb37d7dd4364 \
    e6581ac04e973cac858828c6202c1e1e81fee1dc7de7683f3e1ffe0bfd8a573d \
    "poetry 1.0.0a9" "poetry-core 2.5.0"

write_expected \
    "pastel 0.2.1 (poetry): published wheel (Generator: poetry 1.0.0a9, poetry itself before poetry-core; zip times: package files and LICENSE 1980-01-01, WHEEL/METADATA/RECORD 2016-01-01) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-pastel, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, poetry-core 2.5.0; varied: backend poetry 1.0.0a9 vs poetry-core 2.5.0 (Generator, Metadata-Version 2.1 vs 2.4, Home-page -> Project-URL, License-File, classifiers for Python 3.10-3.15 derived from python = ~2.7 || ^3.4, LICENSE moved to .dist-info/licenses/, .dist-info modes 0644 without vs with the regular-file type bits, same permissions; .dist-info written WHEEL before METADATA vs METADATA before WHEEL) AND zip times 1980-01-01/2016-01-01 vs 2023-11-14T22:13:20Z" \
    dependency-version ordering timestamp
