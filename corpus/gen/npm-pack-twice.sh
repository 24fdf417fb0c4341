#!/usr/bin/env bash
# npm pack of one package, twice, in two fresh copies: npm writes every member at its fixed
# time (1985-10-26T08:15:00Z), owner 0 and a normalized mode, so the tarballs are identical.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools node npm
setup_pair npm-pack-twice

for side in a b; do
    build_tree "$NPM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    npm_pack "$WORK/$side" "$WORK/$side.tgz"
    put_artifact "$side" "$WORK/$side.tgz" tinynpm-1.0.0.tgz
done

write_expected "npm $(npm --version) (node $(node --version)): npm pack --ignore-scripts in two fresh copies of the package; nothing varied"
