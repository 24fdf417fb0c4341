#!/usr/bin/env bash
# x86_64-w64-mingw32-gcc -g of hello.c in two build directories (DWARF comp_dir).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc
setup_pair pe-build-path

DIR_A=/tmp/whydiff-pe-a
DIR_B=/var/tmp/whydiff-pe-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    # SOURCE_DATE_EPOCH=1700000000 (lib.sh) pins ld's TimeDateStamp.
    (cd "$dir" && x86_64-w64-mingw32-gcc -g -Os -o hello.exe hello.c)
    put_artifact "$side" "$dir/hello.exe"
done

write_expected "mingw-w64 gcc 12 + binutils ld: cd <dir> && x86_64-w64-mingw32-gcc -g -Os -o hello.exe hello.c, SOURCE_DATE_EPOCH=1700000000 (TimeDateStamp); varied: <dir> /tmp/whydiff-pe-a vs /var/tmp/whydiff-pe-build-b (DWARF DW_AT_comp_dir)" build-path
