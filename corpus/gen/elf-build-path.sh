#!/usr/bin/env bash
# gcc -g -O1 -shared -fPIC of hello.c in two build directories (DW_AT_comp_dir differs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc
setup_pair elf-build-path

DIR_A=/tmp/whydiff-elf-a
DIR_B=/var/tmp/whydiff-elf-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    (cd "$dir" && gcc -g -O1 -shared -fPIC -o libhello.so hello.c)
    put_artifact "$side" "$dir/libhello.so"
done

write_expected "gcc 12 (Debian): cd <dir> && gcc -g -O1 -shared -fPIC -o libhello.so hello.c; varied: <dir> /tmp/whydiff-elf-a vs /var/tmp/whydiff-elf-build-b (DW_AT_comp_dir; the build-id follows)" build-path
