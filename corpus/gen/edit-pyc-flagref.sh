#!/usr/bin/env bash
# CPython 3.12 pycs of tinyapp's package, compiled by compileall in one process vs one
# py_compile process per module (marshal FLAG_REF placement differs), whose checks.py
# MAX_LEVEL constant was also edited by hand.
#
# Why the compiling process matters: app/__init__.py imports TRACE, so compileall, which
# compiles __init__.py first, has the string "TRACE" interned (immortal in 3.12) when it
# compiles checks.py; the two {"TRACE", 10, 20} frozenset constants of checks.py are then
# not merged into one shared object, and marshal writes the second in full instead of
# flagging the first (FLAG_REF) and referring to it (cpython#129724).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair edit-pyc-flagref

PY312="$(pyenv_python 3.12.1)"
DIR=/tmp/whydiff-edit-pyc-flagref

# compile_one_process / compile_per_module DIR: the two ways of byte-compiling app/.
compile_one_process() { "${PYC_ENV[@]}" "$PY312" -m compileall -q "$1/app"; }
compile_per_module() {
    local f
    for f in "$1"/app/*.py; do "${PYC_ENV[@]}" "$PY312" -m py_compile "$f"; done
}

# Control: without the edit the two ways already differ in checks' pyc (and only there).
fixed_dir "$DIR"; app_tree "$DIR"; compile_one_process "$DIR"; pyc_files "$DIR" "$WORK/ctl-a"
fixed_dir "$DIR"; app_tree "$DIR"; compile_per_module "$DIR"; pyc_files "$DIR" "$WORK/ctl-b"
if cmp -s "$WORK/ctl-a/app/__pycache__/checks.cpython-312.pyc" "$WORK/ctl-b/app/__pycache__/checks.cpython-312.pyc"; then
    echo "$PAIR: compileall and per-module py_compile gave the same checks pyc; no FLAG_REF difference" >&2; exit 1
fi

for side in a b; do
    fixed_dir "$DIR"
    app_tree "$DIR"
    if [ "$side" = a ]; then
        compile_one_process "$DIR"
    else
        edit_text "$DIR/app/checks.py" 'MAX_LEVEL = 40' 'MAX_LEVEL = 50'
        compile_per_module "$DIR"
    fi
    pyc_files "$DIR" "$WORK/$side"
    put_tree "$side" "$WORK/$side/app"
done

write_expected "CPython 3.12.1 (pyenv): pycs of app/ in /tmp/whydiff-edit-pyc-flagref (timestamp pycs, mtimes 1700000000); varied: python3.12 -m compileall -q app (one process) vs python3.12 -m py_compile per module (marshal FLAG_REF placement in checks' pyc: process state, cpython#129724) AND a genuine edit, app/checks.py MAX_LEVEL = 40 vs 50" \
    content randomness --genuine app/__pycache__/checks.cpython-312.pyc
