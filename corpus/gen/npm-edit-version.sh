#!/usr/bin/env bash
# npm pack of a package whose version was bumped (1.0.0 -> 1.0.1): a release of new sources,
# content, never a tool's or a build's value.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools node npm
setup_pair npm-edit-version

for side in a b; do
    build_tree "$NPM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/package.json" '"version": "1.0.0"' '"version": "1.0.1"'
    fi
    npm_pack "$WORK/$side" "$WORK/$side.tgz"
    put_artifact "$side" "$WORK/$side.tgz" tinynpm.tgz
done

write_expected --genuine package/package.json "npm $(npm --version) (node $(node --version)): npm pack --ignore-scripts; varied: a genuine edit, package.json \"version\": \"1.0.0\" vs \"1.0.1\" (the tarball's name follows; both stored as tinynpm.tgz)" content
