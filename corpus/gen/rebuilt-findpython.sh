#!/usr/bin/env bash
# The auditor's check of findpython==0.6.1: its published wheel vs a wheel rebuilt from its
# published sdist with today's pdm-backend.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair rebuilt-findpython

py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_PDM[@]}"
rebuilt_pair "$WORK/venv/bin/python" findpython==0.6.1 \
    1fb4d709205de185b0561900267dfff64a841c910fe28d6038b2394ff925a81a \
    56e52b409a92bcbd495cf981c85acf137f3b3e51cc769b46eba219bb1ab7533c \
    "pdm-backend (2.2.1)" "pdm-backend (2.5.0)"

write_expected --declared right SOURCE_DATE_EPOCH=1700000000 \
    "findpython 0.6.1 (pdm-backend): published wheel (Generator: pdm-backend (2.2.1), zip times 2016-01-01, pdm-backend's stamp without SOURCE_DATE_EPOCH) vs python -m build --wheel --no-isolation of the published sdist (unpacked in /tmp/whydiff-rebuilt-findpython, no archive owners/modes, umask 022), SOURCE_DATE_EPOCH=1700000000, pdm-backend 2.5.0; varied: backend pdm-backend 2.2.1 vs 2.5.0 (Generator, an empty [gui_scripts] section in entry_points.txt) AND zip times 2016-01-01 vs 2023-11-14T22:13:20Z" \
    dependency-version timestamp
