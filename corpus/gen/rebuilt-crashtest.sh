#!/usr/bin/env bash
# The auditor's check of crashtest==0.4.1: its published wheel vs a wheel rebuilt from its
# published sdist with today's poetry-core.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-crashtest

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_POETRY[@]}"
rebuilt_pair "$WORK/venv/bin/python" crashtest==0.4.1 \
    8d23eac5fa660409f57472e3851dab7ac18aba459a8d19cbbba86d3d5aecd2a5 \
    80d7b1f316ebfbd429f648076d6275c877ba30ba48979de4191714a75266f0ce \
    "poetry-core 1.3.2" "poetry-core 2.5.0"

write_expected \
    "crashtest 0.4.1 (poetry-core): published wheel (Generator: poetry-core 1.3.2; zip times: package files and LICENSE 1980-01-01, WHEEL/METADATA/RECORD 2016-01-01) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-crashtest, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, poetry-core 2.5.0; varied: backend poetry-core 1.3.2 vs 2.5.0 (Generator, Metadata-Version 2.1 vs 2.4, Home-page -> Project-URL, License-File, classifiers for Python 3.12-3.15 derived from python = ^3.7, LICENSE moved to .dist-info/licenses/, .dist-info modes 0644 without vs with the regular-file type bits, same permissions; .dist-info written WHEEL before METADATA vs METADATA before WHEEL) AND zip times 1980-01-01/2016-01-01 vs 2023-11-14T22:13:20Z" \
    dependency-version ordering timestamp
