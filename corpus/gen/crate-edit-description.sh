#!/usr/bin/env bash
# cargo package of two commits, the second editing the manifest's description: the edit is
# content in Cargo.toml.orig, the normalized Cargo.toml follows from it, and the commit id is
# VCS state.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools git cargo
setup_pair crate-edit-description

for side in a b; do
    build_tree "$CRATE_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    git_repo "$WORK/$side"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/Cargo.toml" "A tiny crate for whydiff's corpus" "A tiny crate for whydiff's test corpus"
        (cd "$WORK/$side" && "${GIT_FIXED[@]}" commit -q -am "a new description")
    fi
    crate_package "$WORK/$side" "$WORK/$side.crate"
    put_artifact "$side" "$WORK/$side.crate" tinycrate-0.1.0.crate
done

write_expected --genuine tinycrate-0.1.0/Cargo.toml.orig "$(cargo --version | cut -d' ' -f1-2): cargo package --offline --no-verify in a git checkout; varied: a genuine edit committed, description \"A tiny crate for whydiff's corpus\" vs \"… test corpus\" (Cargo.toml.orig; the normalized Cargo.toml follows; git.sha1 is the new commit's)" content environment
