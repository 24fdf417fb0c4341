#!/usr/bin/env bash
# python -m compileall -b of the same pkg/ by CPython 3.11 (Debian) vs 3.12 (pyenv): another
# interpreter compiled the same sources (legacy pkg/*.pyc beside the sources, so the names match).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3
setup_pair pyc-interpreter
PY312="$(pyenv_python 3.12.1)"

DIR=/tmp/whydiff-pyc-interpreter
for side in a b; do
    fixed_dir "$DIR"
    src_tree "$DIR"
    if [ "$side" = a ]; then py=/usr/bin/python3.11; else py="$PY312"; fi
    (cd "$DIR" && "${PYC_ENV[@]}" "$py" -m compileall -q -b pkg)
    mkdir -p "$WORK/$side"
    pyc_files "$DIR" "$WORK/$side/pkg"
    put_tree "$side" "$WORK/$side/pkg/pkg" pkg
done

write_expected "python -m compileall -b pkg in /tmp/whydiff-pyc-interpreter (timestamp pycs, mtimes 1700000000); varied: the interpreter, CPython 3.11 (Debian) vs 3.12.1 (pyenv): magic, bytecode, line tables" dependency-version
