#!/usr/bin/env bash
# tar (pinned) of tinyapp whose settings DATA_DIR path was edited by hand; nothing else varies.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar
setup_pair edit-path-data-dir

for side in a b; do
    app_tree "$WORK/$side"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/app/settings.py" 'DATA_DIR = "/srv/app/data"' 'DATA_DIR = "/opt/app/data"'
    fi
    tar_tree "$WORK/$side" "$WORK/$side.tar"
    put_artifact "$side" "$WORK/$side.tar" tinyapp.tar
done

write_expected "GNU tar: tar --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 -cf tinyapp.tar <tree>; varied: a genuine edit only, app/settings.py DATA_DIR = \"/srv/app/data\" vs \"/opt/app/data\"" \
    content --genuine app/settings.py
