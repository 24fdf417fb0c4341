#!/usr/bin/env bash
# cargo package of one tree at two commits of its repository (an empty commit between): the
# files are the same, .cargo_vcs_info.json's git.sha1 is not.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools git cargo
setup_pair crate-vcs-sha1

for side in a b; do
    build_tree "$CRATE_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    git_repo "$WORK/$side"
    if [ "$side" = b ]; then
        (cd "$WORK/$side" && "${GIT_FIXED[@]}" commit -q --allow-empty -m "an empty commit")
    fi
    crate_package "$WORK/$side" "$WORK/$side.crate"
    put_artifact "$side" "$WORK/$side.crate" tinycrate-0.1.0.crate
done

write_expected "$(cargo --version | cut -d' ' -f1-2): cargo package --offline --no-verify in a git checkout; varied: the commit, the tree's one commit vs an empty commit after it (.cargo_vcs_info.json git.sha1)" environment
