#!/usr/bin/env bash
# tar | gzip -n of tinyapp checked out at two dates (member mtimes differ) whose RELEASE_DATE
# constant was also edited by hand: a real timestamp difference next to a genuine date edit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair edit-release-date-mtime

# GNU tar keeping the files' own mtimes (no --mtime), everything else pinned.
TAR_MTIMES=(--format=gnu --sort=name --owner=0 --group=0 --numeric-owner)
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    app_tree "$WORK/$side/tinyapp-1.0.0" "$epoch"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/tinyapp-1.0.0/app/release.py" 'RELEASE_DATE = "2024-01-01"' 'RELEASE_DATE = "2024-02-01"'
    fi
    tar_tree "$WORK/$side" "$WORK/$side.tar" "${TAR_MTIMES[@]}"
    gzip -n -9 -c "$WORK/$side.tar" > "$WORK/$side.tar.gz"
    put_artifact "$side" "$WORK/$side.tar.gz" tinyapp-1.0.0.tar.gz
done

write_expected "GNU tar: tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner -cf - tinyapp-1.0.0 | gzip -n -9 (file mtimes kept); varied: all mtimes 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z AND a genuine edit, app/release.py RELEASE_DATE = \"2024-01-01\" vs \"2024-02-01\"" \
    content timestamp --genuine tinyapp-1.0.0/app/release.py
