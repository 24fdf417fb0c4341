#!/usr/bin/env bash
# cargo package of a clean checkout vs the same commit with an uncommitted edit of src/lib.rs
# (--allow-dirty): .cargo_vcs_info.json records "dirty": true, and the edit itself is content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools git cargo
setup_pair crate-dirty

for side in a b; do
    build_tree "$CRATE_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    git_repo "$WORK/$side"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/src/lib.rs" '    42' '    420'
    fi
    crate_package "$WORK/$side" "$WORK/$side.crate" --allow-dirty
    put_artifact "$side" "$WORK/$side.crate" tinycrate-0.1.0.crate
done

write_expected --genuine tinycrate-0.1.0/src/lib.rs "$(cargo --version | cut -d' ' -f1-2): cargo package --offline --no-verify --allow-dirty in a git checkout; varied: a clean checkout vs an uncommitted edit, answer() returns 42 vs 420 (another size: git's index, its mtime pinned, compares sizes) (.cargo_vcs_info.json git.dirty, and the file)" content environment
