#!/usr/bin/env bash
# PyInstaller one-dir build of the same app bundling six 1.16.0 vs 1.17.0: six's module in the
# PYZ and its metadata in _internal/ differ, nothing else.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair pyinstaller-dep-version

DIR=/tmp/whydiff-pyinstaller-dep-version
for side in a b; do
    six=six==1.16.0; [ "$side" = b ] && six=six==1.17.0
    pyinstaller_venv "$WORK/venv-$side" pyinstaller==6.11.1 "$six"
    fixed_dir "$DIR"
    pyinstaller_sources "$DIR"
    pyinstaller_app "$WORK/venv-$side/bin/python" "$DIR" "$WORK/$side/app"
    put_tree "$side" "$WORK/$side/app"
done

write_expected "CPython 3.11 (Debian), PyInstaller 6.11.1: pyinstaller --onedir main.py in /tmp/whydiff-pyinstaller-dep-version (tinyapp + six; executable and _internal/*.dist-info kept, the interpreter's libraries left out); varied: six==1.16.0 vs six==1.17.0 in the build venv" dependency-version
