#!/usr/bin/env bash
# npm 6 installs a bundled dependency from a local tarball, then packs the app: the installed
# package.json records the directory it was installed from and into (_where, _resolved,
# _requested), and the build ran in two directories.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools node npm
setup_pair npm-bundled-build-path

OLD_NPM=6.14.18
NPM6=(npx -y "npm@$OLD_NPM")
DIR_A=/tmp/whydiff-npm-a
DIR_B=/var/tmp/whydiff-npm-build-b
fixed_dir "$DIR_A" "$DIR_B"
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    build_tree "$NPM_SOURCES_DIR" "$dir/dep" "$PINNED_EPOCH"
    # The dependency: tinynpm renamed tinydep.
    edit_text "$dir/dep/package.json" '"name": "tinynpm"' '"name": "tinydep"'
    npm_pack "$dir/dep" "$dir/tinydep-1.0.0.tgz" "${NPM6[@]}"
    mkdir -p "$dir/app"
    cat > "$dir/app/package.json" <<'JSON'
{
  "name": "tinyapp",
  "version": "1.0.0",
  "dependencies": {
    "tinydep": "file:../tinydep-1.0.0.tgz"
  },
  "bundleDependencies": [
    "tinydep"
  ]
}
JSON
    (cd "$dir/app" && npm_config_cache="$WORK/npm-cache" npm_config_update_notifier=false \
        "${NPM6[@]}" install --no-audit --no-fund --ignore-scripts >/dev/null 2>&1)
    npm_pack "$dir/app" "$WORK/$side.tgz" "${NPM6[@]}"
    put_artifact "$side" "$WORK/$side.tgz" tinyapp-1.0.0.tgz
done

write_expected --declared left build_path=$DIR_A --declared right build_path=$DIR_B \
    "npm $OLD_NPM (npx; node $(node --version)): npm install of a bundled dependency from a local tarball (file:../tinydep-1.0.0.tgz), then npm pack; varied: the build directory $DIR_A vs $DIR_B (declared build_path; the installed package.json's _where, _resolved, _requested)" build-path
