#!/usr/bin/env bash
# GNU tar of tinyapp created and archived by root vs by an unprivileged user (tar owners
# differ), whose config/owners.yaml owner was also changed by hand (alice -> bob).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar runuser
setup_pair edit-owner-user

ensure_builder
TAR_OWNERS=(--format=gnu --sort=name "--mtime=@$PINNED_EPOCH")
# a: root creates the tree and runs tar.
app_tree "$WORK/a/src"
tar_tree "$WORK/a/src" "$WORK/a.tar" "${TAR_OWNERS[@]}"
# b: the edited tree, staged by root, then created afresh (umask 022, same mtimes) and
# archived by whydiff-builder.
app_tree "$WORK/b/stage"
edit_text "$WORK/b/stage/config/owners.yaml" 'owner: alice' 'owner: bob'
chmod 0755 "$WORK"
chmod -R a+rX "$WORK/b"
chown "$BUILDER_USER" "$WORK/b"
runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" bash -c "set -euo pipefail; umask 022
    $(declare -f build_tree top_entries tar_tree)
    build_tree '$WORK/b/stage' '$WORK/b/src' '$PINNED_EPOCH'
    tar_tree '$WORK/b/src' '$WORK/b/out.tar' $(printf '%q ' "${TAR_OWNERS[@]}")"
put_artifact a "$WORK/a.tar" tinyapp.tar
put_artifact b "$WORK/b/out.tar" tinyapp.tar

write_expected "GNU tar: tar --format=gnu --sort=name --mtime=@1700000000 -cf tinyapp.tar <tree>; varied: tree created and archived by root vs whydiff-builder (runuser), so uid/gid/uname/gname differ, AND a genuine edit, config/owners.yaml owner: alice vs bob" \
    content user-host --genuine config/owners.yaml
