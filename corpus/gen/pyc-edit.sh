#!/usr/bin/env bash
# python3.11 -m py_compile of pkg/core.py; answer() returns 41 vs 42, same mtime and dir.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3
setup_pair pyc-edit

DIR=/tmp/whydiff-pyc-edit
for side in a b; do
    fixed_dir "$DIR"
    src_tree "$DIR"
    [ "$side" = b ] && edit_answer "$DIR"
    (cd "$DIR" && "${PYC_ENV[@]}" /usr/bin/python3.11 -m py_compile pkg/core.py)
    put_artifact "$side" "$DIR/pkg/__pycache__/core.cpython-311.pyc"
done

write_expected "CPython 3.11 (Debian): cd /tmp/whydiff-pyc-edit && python3.11 -m py_compile pkg/core.py (timestamp pyc, source mtime 1700000000); varied: answer() returns 41 vs 42" content
