#!/usr/bin/env bash
# zip -X of tinyapp + build_stamp.json (the build clock, time.time()) built at two instants,
# whose config/license.json not_after epoch was also edited by hand.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip faketime
setup_pair edit-epoch-json

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    app_tree "$WORK/$side/src"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/src/config/license.json" '"not_after": 1735689600' '"not_after": 1738368000'
    fi
    # The build clock: libfaketime frozen at the side's instant.
    faketime -f "$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S')" \
        "$SYS_PYTHON" "$SCRIPTS_DIR/stamp_build.py" "$WORK/$side/src/build_stamp.json"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/build_stamp.json" "$WORK/$side/src"
    zip_tree "$WORK/$side/src" "$WORK/$side.zip"
    put_artifact "$side" "$WORK/$side.zip" tinyapp-1.0.0.zip
done

write_expected "Info-ZIP: zip -X of tinyapp (mtimes 1700000000) + build_stamp.json written by stamp_build.py (built_at = int(time.time())); varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z AND a genuine edit, config/license.json \"not_after\": 1735689600 vs 1738368000" \
    content timestamp --genuine config/license.json
