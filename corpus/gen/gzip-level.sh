#!/usr/bin/env bash
# The same pinned tar compressed with gzip -n -1 vs gzip -n -9.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip
setup_pair gzip-level

src_tree "$WORK/src"
tar_tree "$WORK/src" "$WORK/pkg.tar"
gzip -n -1 -c "$WORK/pkg.tar" > "$WORK/a.tar.gz"
gzip -n -9 -c "$WORK/pkg.tar" > "$WORK/b.tar.gz"
put_artifact a "$WORK/a.tar.gz" pkg.tar.gz
put_artifact b "$WORK/b.tar.gz" pkg.tar.gz

write_expected "gzip: gzip -n -LEVEL of one pinned GNU tar (--sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000); varied: level -1 vs -9" compression
