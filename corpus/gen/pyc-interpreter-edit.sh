#!/usr/bin/env bash
# As pyc-interpreter (CPython 3.11 vs 3.12 compile pkg/), and the right side's sources carry a
# genuine edit: answer() returns 42 instead of 41. The interpreter's version must not explain it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3
setup_pair pyc-interpreter-edit
PY312="$(pyenv_python 3.12.1)"

DIR=/tmp/whydiff-pyc-interpreter-edit
for side in a b; do
    fixed_dir "$DIR"
    src_tree "$DIR"
    if [ "$side" = a ]; then
        py=/usr/bin/python3.11
    else
        py="$PY312"
        edit_answer "$DIR"
    fi
    (cd "$DIR" && "${PYC_ENV[@]}" "$py" -m compileall -q -b pkg)
    mkdir -p "$WORK/$side"
    pyc_files "$DIR" "$WORK/$side/pkg"
    put_tree "$side" "$WORK/$side/pkg/pkg" pkg
done

write_expected --genuine core.pyc "python -m compileall -b pkg in /tmp/whydiff-pyc-interpreter-edit (timestamp pycs, mtimes 1700000000); varied: the interpreter, CPython 3.11 (Debian) vs 3.12.1 (pyenv), AND a genuine edit of pkg/core.py (answer() returns 41 vs 42)" dependency-version content
