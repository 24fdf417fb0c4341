#!/usr/bin/env bash
# The auditor's check of tomli==2.0.1: its published wheel vs a wheel rebuilt from its
# published sdist with today's flit_core (the newest 3.x: tomli requires flit_core<4).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-tomli

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_FLIT[@]}"
rebuilt_pair "$WORK/venv/bin/python" tomli==2.0.1 \
    939de3e7a6161af0c887ef91b7d41a53e7c5a1ca976325f429cb46ea9bc30ecc \
    de526c12914f0c550d15924c62d72abc48d6fe7364aa87328337a31007fe8a4f \
    "flit 3.6.0" "flit 3.12.0"

write_expected --declared right SOURCE_DATE_EPOCH=1700000000 \
    "tomli 2.0.1 (flit_core): published wheel (Generator: flit 3.6.0; package files and LICENSE stamped with their 2022-02-08 mtimes, WHEEL/METADATA/RECORD with flit's 2016-01-01) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-tomli, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, flit_core 3.12.0 (the newest 3.x: tomli requires flit_core<4); varied: backend flit 3.6.0 vs 3.12.0 (Generator, Metadata-Version 2.1 vs 2.4, License-File, LICENSE moved to .dist-info/licenses/, .dist-info modes 0644 without vs with the regular-file type bits, same permissions) AND zip times 2022-02-08/2016-01-01 vs 2023-11-14T22:13:20Z" \
    dependency-version timestamp
