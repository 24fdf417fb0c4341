#!/usr/bin/env bash
# typing_inspection 0.4.0 from PyPI byte-compiled by CPython 3.10 under two hash seeds.
# Its introspection.py tests membership in set literals of strings, compiled into
# frozenset constants, which 3.10's marshal writes in the seed's hash order (3.11+ sorts).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair real-typing-inspection-hash-seed

PY310="$(pyenv_python 3.10.13)"
py_venv_exact "$WORK/venv" "${REBUILD_FRONTEND[@]}" "${REBUILD_HATCHLING[@]}"
SDIST="$(pypi_fetch "$WORK/venv/bin/python" sdist typing-inspection==0.4.0 \
    9765c87de36671694a67904bf2c96e395be9c6439bb6c87b5142569dcdd65122 "$WORK/sdist")"
DIR=/tmp/whydiff-real-typing-inspection
for side in a b; do
    seed=1; [ "$side" = b ] && seed=2
    fixed_dir "$DIR"
    proj="$(unpack_sdist "$SDIST" "$DIR")"
    "${PYC_ENV[@]}" PYTHONHASHSEED="$seed" "$PY310" -m compileall -q "$proj/src/typing_inspection" >/dev/null
    pyc_files "$proj/src" "$WORK/$side"
    put_tree "$side" "$WORK/$side/typing_inspection"
done
if diff -rq "$OUT_DIR/a" "$OUT_DIR/b" >/dev/null; then
    echo "$PAIR: the two pyc trees are identical; the hash seed changed nothing" >&2; exit 1
fi

write_expected \
    "typing_inspection 0.4.0 sdist from PyPI, CPython 3.10.13 (pyenv): python3.10 -m compileall -q $DIR/typing_inspection-0.4.0/src/typing_inspection (timestamp pycs of the sdist's 2020-02-02 mtimes); varied: PYTHONHASHSEED 1 vs 2 (a 3-element frozenset constant of introspection.py, allowed_qualifiers, written in another element order)" \
    ordering
