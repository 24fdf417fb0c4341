#!/usr/bin/env bash
# The README demo: a .tar.gz of the source tree from two 'build machines'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar gzip runuser
setup_pair demo-targz

ensure_builder
# a: root, umask 022, files dated 2021-01-01.
mkdir -p "$WORK/a"
(umask 022; src_tree "$WORK/a/src" "$DATE_A_EPOCH")
tar --format=gnu --sort=name -C "$WORK/a/src" -cf - README.md data pkg | gzip -n -9 > "$WORK/a.tar.gz"
# b: whydiff-builder, umask 002, files dated 2023-06-15.
mkdir -p "$WORK/b"
builder_tree "$WORK/b/src" "$DATE_B_EPOCH" 002
runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" \
    tar --format=gnu --sort=name -C "$WORK/b/src" -cf - README.md data pkg \
    | gzip -n -9 > "$WORK/b.tar.gz"
put_artifact a "$WORK/a.tar.gz" pkg.tar.gz
put_artifact b "$WORK/b.tar.gz" pkg.tar.gz

write_expected "GNU tar: tar --format=gnu --sort=name -cf - <tree> | gzip -n -9 on two build machines; varied: mtimes 2021-01-01 vs 2023-06-15, root vs whydiff-builder, umask 022 vs 002" permissions timestamp user-host
