#!/usr/bin/env bash
# The auditor's check of annotated-types==0.7.0: its published wheel vs a wheel rebuilt from its
# published sdist with today's hatchling.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-annotated-types

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_HATCHLING[@]}"
rebuilt_pair "$WORK/venv/bin/python" annotated-types==0.7.0 \
    1f02e8b43a8fbbc3f3e0d4f0f4bfc8131bcb4eebe8849b8e5c773f3a1c582a53 \
    aff07c09a53a08bc8cfccb9c85b05f1aa9a2a6f23728d790723543408344ce89 \
    "hatchling 1.24.2" "hatchling 1.33.0"

write_expected \
    "annotated-types 0.7.0 (hatchling): published wheel (Generator: hatchling 1.24.2, zip times 2020-02-02, hatchling's stamp without SOURCE_DATE_EPOCH) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-annotated-types, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, hatchling 1.33.0; varied: backend hatchling 1.24.2 vs 1.33.0 (Generator, Metadata-Version 2.3 vs 2.5) AND zip times 2020-02-02 vs 2023-11-14T22:13:20Z" \
    dependency-version timestamp
