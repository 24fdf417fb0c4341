#!/usr/bin/env bash
# python3.11 -m compileall of the same tree in two directories (co_filename differs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3
setup_pair pyc-build-path

DIR_A=/tmp/whydiff-pyc-a
DIR_B=/var/tmp/whydiff-pyc-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    src_tree "$dir"
    "${PYC_ENV[@]}" /usr/bin/python3.11 -m compileall -q "$dir/pkg"
    pyc_files "$dir" "$WORK/$side"
    put_tree "$side" "$WORK/$side/pkg"
done

write_expected "CPython 3.11 (Debian): python3.11 -m compileall -q <dir>/pkg (timestamp pycs, mtimes 1700000000); varied: <dir> /tmp/whydiff-pyc-a vs /var/tmp/whydiff-pyc-build-b (co_filename)" build-path
