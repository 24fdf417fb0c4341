#!/usr/bin/env bash
# gcc -O2 -s (no debug info) of <dir>/check.c given by its absolute path, as CMake passes
# sources, in two build directories of different lengths: assert()'s __FILE__ puts the build
# path into .rodata.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc readelf
setup_pair shape-rodata-path

DIR_A=/tmp/whydiff-rodata-a
DIR_B=/var/tmp/whydiff-rodata-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    build_tree "$BUILD_SOURCES_DIR/c-assert" "$dir" "$PINNED_EPOCH"
    (cd "$dir" && gcc -O2 -s -o check "$dir/check.c")
    if readelf -S "$dir/check" | grep -q '\.debug'; then
        echo "$PAIR: $dir/check has debug sections" >&2; exit 1
    fi
    put_artifact "$side" "$dir/check"
done

write_expected "gcc 12 (Debian): cd <dir> && gcc -O2 -s -o check <dir>/check.c (no -g: no DWARF, no symbol table); varied: <dir> /tmp/whydiff-rodata-a vs /var/tmp/whydiff-rodata-build-b (assert()'s __FILE__ in .rodata; later offsets and the build-id follow)" \
    build-path
