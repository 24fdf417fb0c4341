#!/usr/bin/env bash
# python3.11 -m py_compile of pkg/core.py touched to two dates (timestamp-based pyc).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3
setup_pair pyc-mtime

DIR=/tmp/whydiff-pyc-mtime
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    fixed_dir "$DIR"
    src_tree "$DIR" "$epoch"
    (cd "$DIR" && "${PYC_ENV[@]}" /usr/bin/python3.11 -m py_compile pkg/core.py)
    put_artifact "$side" "$DIR/pkg/__pycache__/core.cpython-311.pyc"
done

write_expected "CPython 3.11 (Debian): cd /tmp/whydiff-pyc-mtime && python3.11 -m py_compile pkg/core.py (SOURCE_DATE_EPOCH unset: timestamp pyc); varied: source mtime 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (pyc header)" timestamp
