#!/usr/bin/env bash
# tar | gzip -n (pinned) of tinyapp + BUILD-STAMP (id -un, hostname) built on two hosts
# (declared HOSTNAME), whose settings DB_HOST was also edited by hand.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair edit-db-host

for side in a b; do
    host=buildhost1; [ "$side" = b ] && host=buildhost2
    app_tree "$WORK/$side/src"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/src/app/settings.py" 'DB_HOST = "db1.example.com"' 'DB_HOST = "db2.example.com"'
    fi
    on_host "$host" sh "$SCRIPTS_DIR/make_stamp.sh" "$WORK/$side/src/BUILD-STAMP"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/BUILD-STAMP" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side.tar"
    gzip -n -9 -c "$WORK/$side.tar" > "$WORK/$side.tar.gz"
    put_artifact "$side" "$WORK/$side.tar.gz" release.tar.gz
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) | gzip -n -9 of tinyapp + BUILD-STAMP written by make_stamp.sh as root (id -un, hostname); varied: host name (unshare -u) buildhost1 vs buildhost2 (declared HOSTNAME) AND a genuine edit, app/settings.py DB_HOST = \"db1.example.com\" vs \"db2.example.com\"" \
    content user-host --genuine app/settings.py \
    --left HOSTNAME=buildhost1 --right HOSTNAME=buildhost2
