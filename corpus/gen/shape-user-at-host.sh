#!/usr/bin/env bash
# tar (pinned) of the tree + BUILD-STAMP written by make_stamp.sh ("built by user@host",
# "packager: user <user@host>") by two users on two hosts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar runuser
setup_pair shape-user-at-host

ensure_builder
chmod 0755 "$WORK"
for side in a b; do
    src_tree "$WORK/$side/src"
    mkdir -p "$WORK/$side/stamp"
    if [ "$side" = a ]; then
        on_host buildhost1 sh "$SCRIPTS_DIR/make_stamp.sh" "$WORK/$side/stamp/BUILD-STAMP"
    else
        chown "$BUILDER_USER" "$WORK/$side/stamp"
        on_host ci-runner-07 runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" \
            sh "$SCRIPTS_DIR/make_stamp.sh" "$WORK/$side/stamp/BUILD-STAMP"
    fi
    cat "$WORK/$side/stamp/BUILD-STAMP" > "$WORK/$side/src/BUILD-STAMP"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/BUILD-STAMP" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side.tar"
    put_artifact "$side" "$WORK/$side.tar" release.tar
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) of the tree + BUILD-STAMP written by make_stamp.sh (id -un, hostname: \"built by u@h\", \"packager: u <u@h>\"); varied: root on host buildhost1 vs whydiff-builder (runuser) on host ci-runner-07 (unshare -u)" \
    user-host
