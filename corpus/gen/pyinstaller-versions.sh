#!/usr/bin/env bash
# PyInstaller one-dir build of the same app by PyInstaller 6.10.0 and 6.11.1: another bootloader
# and other loader modules (pyimod*, pyiboot*, pyi_rth_*), the app's modules the same.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair pyinstaller-versions

DIR=/tmp/whydiff-pyinstaller-versions
for side in a b; do
    version=6.10.0; [ "$side" = b ] && version=6.11.1
    pyinstaller_venv "$WORK/venv-$side" "pyinstaller==$version" six==1.16.0
    fixed_dir "$DIR"
    pyinstaller_sources "$DIR"
    pyinstaller_app "$WORK/venv-$side/bin/python" "$DIR" "$WORK/$side/app"
    put_tree "$side" "$WORK/$side/app"
done

write_expected "CPython 3.11 (Debian), pyinstaller --onedir main.py in /tmp/whydiff-pyinstaller-versions (tinyapp + six 1.16.0; executable and _internal/*.dist-info kept, the interpreter's libraries left out); varied: PyInstaller 6.10.0 vs 6.11.1 (hooks-contrib 2024.10 both)" dependency-version
