#!/usr/bin/env bash
# tar | gzip -n (pinned) of tinyapp + build_info.json holding a random uuid.uuid4() build id,
# whose config/app.json app_id UUID was also replaced by hand.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair edit-uuid-app-id

# Two values uuid.uuid4() returned on two runs, recorded so reruns reproduce.
UUID_A=bf561060-7f1b-4e55-89c8-11615775cac5
UUID_B=235c9b7a-00db-478e-957f-e16ff57af71e
for side in a b; do
    u=$UUID_A; [ "$side" = b ] && u=$UUID_B
    app_tree "$WORK/$side/src"
    if [ "$side" = b ]; then
        # The application was registered anew: a new app id, chosen on purpose.
        edit_text "$WORK/$side/src/config/app.json" 7248206c-3852-4a77-93fd-55b455efdaef 04d19741-b549-469e-98d9-32475d347c13
    fi
    WHYDIFF_UUID="$u" "$SYS_PYTHON" "$SCRIPTS_DIR/make_build_info.py" "$WORK/$side/src/build_info.json"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/build_info.json" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side.tar"
    gzip -n -9 -c "$WORK/$side.tar" > "$WORK/$side.tar.gz"
    put_artifact "$side" "$WORK/$side.tar.gz" release.tar.gz
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) | gzip -n -9 of tinyapp + build_info.json written by make_build_info.py; varied: its uuid.uuid4() build_uuid (two recorded draws, replayed via WHYDIFF_UUID) AND a genuine edit, config/app.json app_id 7248206c-3852-4a77-93fd-55b455efdaef vs 04d19741-b549-469e-98d9-32475d347c13" \
    content randomness --genuine config/app.json
