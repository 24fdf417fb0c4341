#!/usr/bin/env bash
# GNU tar | gzip -n of a tree created and archived by root vs by an unprivileged user.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip runuser
setup_pair targz-user

ensure_builder
# a: root creates the tree and runs tar.
src_tree "$WORK/a/src"
tar --format=gnu --sort=name "--mtime=@$PINNED_EPOCH" -C "$WORK/a/src" -cf - README.md data pkg \
    | gzip -n -9 > "$WORK/a.tar.gz"
# b: whydiff-builder creates the tree (umask 022, same mtimes) and runs tar.
mkdir -p "$WORK/b"
builder_tree "$WORK/b/src" "$PINNED_EPOCH" 022
runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" \
    tar --format=gnu --sort=name "--mtime=@$PINNED_EPOCH" -C "$WORK/b/src" -cf - README.md data pkg \
    | gzip -n -9 > "$WORK/b.tar.gz"
put_artifact a "$WORK/a.tar.gz" pkg.tar.gz
put_artifact b "$WORK/b.tar.gz" pkg.tar.gz

write_expected "GNU tar: tar --format=gnu --sort=name --mtime=@1700000000 -cf - <tree> | gzip -n -9; varied: tree created and archived by root vs whydiff-builder (runuser), so uid/gid/uname/gname differ" user-host
