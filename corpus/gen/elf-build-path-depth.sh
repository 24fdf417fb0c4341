#!/usr/bin/env bash
# gcc -g -O1 -shared -fPIC of hello.c in two build directories of different depth (DW_AT_comp_dir).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc
setup_pair elf-build-path-depth

DIR_A=/tmp/w/b
DIR_B=/var/tmp/w/build-7f3a/src
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    (cd "$dir" && gcc -g -O1 -shared -fPIC -o libhello.so hello.c)
    put_artifact "$side" "$dir/libhello.so"
done

write_expected "gcc 12 (Debian): cd <dir> && gcc -g -O1 -shared -fPIC -o libhello.so hello.c; varied: <dir> /tmp/w/b vs /var/tmp/w/build-7f3a/src (DW_AT_comp_dir, another depth; the build-id and later offsets follow)" build-path
