#!/usr/bin/env bash
# PyInstaller one-dir build of the same app, one constant of its settings module edited.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair pyinstaller-edit

DIR=/tmp/whydiff-pyinstaller-edit
pyinstaller_venv "$WORK/venv" pyinstaller==6.11.1 six==1.16.0
for side in a b; do
    fixed_dir "$DIR"
    pyinstaller_sources "$DIR"
    [ "$side" = b ] && edit_text "$DIR/app/settings.py" 'DB_PORT = 5432' 'DB_PORT = 5433'
    pyinstaller_app "$WORK/venv/bin/python" "$DIR" "$WORK/$side/app"
    put_tree "$side" "$WORK/$side/app"
done

write_expected --genuine app.settings "CPython 3.11 (Debian), PyInstaller 6.11.1: pyinstaller --onedir main.py in /tmp/whydiff-pyinstaller-edit (tinyapp + six 1.16.0; executable and _internal/*.dist-info kept, the interpreter's libraries left out); varied: app/settings.py DB_PORT = 5432 vs 5433 (frozen into the PYZ)" content
