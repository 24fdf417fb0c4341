#!/usr/bin/env bash
# x86_64-w64-mingw32-gcc -g of hello.c in two build directories of different depth (DWARF
# comp_dir) AND a genuine edit (#define ANSWER 41 vs 42): the build path is explained, the
# changed code stays content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc
setup_pair pe-build-path-edit

DIR_A=/tmp/whydiff-pe-edit-a
DIR_B=/var/tmp/whydiff/deeper/pe-edit-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    [ "$side" = b ] && edit_c_answer "$dir/hello.c"
    # SOURCE_DATE_EPOCH=1700000000 (lib.sh) pins ld's TimeDateStamp.
    (cd "$dir" && x86_64-w64-mingw32-gcc -g -Os -o hello.exe hello.c)
    put_artifact "$side" "$dir/hello.exe"
done

write_expected "mingw-w64 gcc 12 + binutils ld: cd <dir> && x86_64-w64-mingw32-gcc -g -Os -o hello.exe hello.c, SOURCE_DATE_EPOCH=1700000000 (TimeDateStamp); varied: <dir> /tmp/whydiff-pe-edit-a vs /var/tmp/whydiff/deeper/pe-edit-build-b (DWARF DW_AT_comp_dir, another depth) AND a genuine edit, #define ANSWER 41 vs 42 (.text and a DWARF constant)" \
    build-path content --genuine hello.exe
