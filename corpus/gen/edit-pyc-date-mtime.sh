#!/usr/bin/env bash
# python3.11 -m py_compile of app/release.py touched to two dates (timestamp pyc header)
# whose RELEASE_DATE constant was also edited by hand.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3
setup_pair edit-pyc-date-mtime

DIR=/tmp/whydiff-edit-pyc-date-mtime
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    fixed_dir "$DIR"
    app_tree "$DIR" "$epoch"
    if [ "$side" = b ]; then
        edit_text "$DIR/app/release.py" 'RELEASE_DATE = "2024-01-01"' 'RELEASE_DATE = "2024-02-01"'
    fi
    (cd "$DIR" && "${PYC_ENV[@]}" /usr/bin/python3.11 -m py_compile app/release.py)
    put_artifact "$side" "$DIR/app/__pycache__/release.cpython-311.pyc"
done

write_expected "CPython 3.11 (Debian): cd /tmp/whydiff-edit-pyc-date-mtime && python3.11 -m py_compile app/release.py (SOURCE_DATE_EPOCH unset: timestamp pyc); varied: source mtime 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (pyc header) AND a genuine edit, RELEASE_DATE = \"2024-01-01\" vs \"2024-02-01\" (a code constant)" \
    content timestamp --genuine release.cpython-311.pyc
