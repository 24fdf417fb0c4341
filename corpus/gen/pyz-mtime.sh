#!/usr/bin/env bash
# python -m zipapp of the same application tree, its files' mtimes at two dates: a .pyz is a "#!"
# line followed by a zip whose entry times are the files' mtimes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools python3
setup_pair pyz-mtime

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    build_tree "$APP_SOURCES_DIR/app" "$WORK/$side/app" "$epoch"
    printf 'from app import settings\nprint(settings.__name__)\n' > "$WORK/$side/app/__main__.py"
    touch -d "@$epoch" "$WORK/$side/app/__main__.py"
    (cd "$WORK/$side" && python3 -m zipapp app -p '/usr/bin/env python3' -o app.pyz)
    put_artifact "$side" "$WORK/$side/app.pyz"
done

write_expected "CPython 3.11 zipapp: python3 -m zipapp app -p '/usr/bin/env python3' -o app.pyz (a #! line, then the zip); varied: file mtimes 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (zip entry times)" timestamp
