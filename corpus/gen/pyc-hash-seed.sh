#!/usr/bin/env bash
# py_compile of a module with frozenset constants under PYTHONHASHSEED=1 vs 2.
# CPython 2.7 builds no frozenset constants (and sorts cell variables) and
# CPython 3.11+ marshal sorts frozensets, so the corpus uses CPython 3.10,
# whose marshal writes a frozenset in the seed-dependent hash order.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair pyc-hash-seed

PY310="$(pyenv_python 3.10.13)"
DIR=/tmp/whydiff-pyc-hash-seed
for side in a b; do
    seed=1; [ "$side" = b ] && seed=2
    fixed_dir "$DIR"
    build_tree "$BUILD_SOURCES_DIR/pyc" "$DIR" "$PINNED_EPOCH"
    (cd "$DIR" && "${PYC_ENV[@]}" PYTHONHASHSEED="$seed" "$PY310" -m py_compile colors.py)
    put_artifact "$side" "$DIR/__pycache__/colors.cpython-310.pyc"
done
if cmp -s "$OUT_DIR/a/colors.cpython-310.pyc" "$OUT_DIR/b/colors.cpython-310.pyc"; then
    echo "pyc-hash-seed: the two pycs are identical; the hash seed changed nothing" >&2; exit 1
fi

write_expected "CPython 3.10.13 (pyenv): cd /tmp/whydiff-pyc-hash-seed && python3.10 -m py_compile colors.py (set literals -> frozenset constants, mtime 1700000000); varied: PYTHONHASHSEED 1 vs 2 (frozenset element order in marshal)" ordering
