#!/usr/bin/env bash
# cargo package of one commit, twice, in two fresh checkouts: cargo writes fixed member times,
# owners and modes and a sorted member list, so the crates are byte-identical.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools git cargo
setup_pair crate-package-twice

for side in a b; do
    build_tree "$CRATE_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    git_repo "$WORK/$side"
    crate_package "$WORK/$side" "$WORK/$side.crate"
    put_artifact "$side" "$WORK/$side.crate" tinycrate-0.1.0.crate
done

write_expected "$(cargo --version | cut -d' ' -f1-2): cargo package --offline --no-verify in two fresh checkouts of one commit; nothing varied"
