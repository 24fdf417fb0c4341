#!/usr/bin/env bash
# python2.7 -m compileall of the same tree in two directories (co_filename differs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair pyc-py27

PY27="$(pyenv_python 2.7.18)"
DIR_A=/tmp/whydiff-pyc27-a
DIR_B=/var/tmp/whydiff-pyc27-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    src_tree "$dir"
    "${PYC_ENV[@]}" "$PY27" -m compileall -q "$dir/pkg" >/dev/null
    pyc_files "$dir" "$WORK/$side"
    put_tree "$side" "$WORK/$side/pkg"
done

write_expected "CPython 2.7.18 (pyenv): python2.7 -m compileall -q <dir>/pkg (pkg/*.pyc beside the sources, mtimes 1700000000); varied: <dir> /tmp/whydiff-pyc27-a vs /var/tmp/whydiff-pyc27-build-b (co_filename)" build-path
