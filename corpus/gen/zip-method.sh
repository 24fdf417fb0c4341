#!/usr/bin/env bash
# Info-ZIP zip -X -0 (stored) vs zip -X -9 (deflated) of the same tree.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools zip
setup_pair zip-method

src_tree "$WORK/src"
zip_tree "$WORK/src" "$WORK/a.zip" -0
zip_tree "$WORK/src" "$WORK/b.zip" -9
put_artifact a "$WORK/a.zip" pkg.zip
put_artifact b "$WORK/b.zip" pkg.zip

write_expected "Info-ZIP: zip -X -LEVEL pkg.zip -@ < byte-sorted list of the tree (all pinned); varied: -0 (stored) vs -9 (deflated)" compression
