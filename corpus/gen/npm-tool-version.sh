#!/usr/bin/env bash
# npm pack of one package by npm 6.14.18 (from the npm registry, through npx) and by the
# machine's npm: the same tar (fixed times, owners, modes, order), gzip'd with other settings.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools node npm
setup_pair npm-tool-version

OLD_NPM=6.14.18
for side in a b; do
    build_tree "$NPM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    if [ "$side" = a ]; then
        npm_pack "$WORK/$side" "$WORK/$side.tgz" npx -y "npm@$OLD_NPM"
    else
        npm_pack "$WORK/$side" "$WORK/$side.tgz"
    fi
    put_artifact "$side" "$WORK/$side.tgz" tinynpm-1.0.0.tgz
done

write_expected "npm pack --ignore-scripts (node $(node --version)); varied: the packer, npm $OLD_NPM (npx) vs npm $(npm --version) (gzip header OS and XFL: another zlib binding)" compression
