#!/usr/bin/env bash
# gcc -g -O1 -shared -fPIC of hello.c in two build directories (DW_AT_comp_dir) AND a genuine
# edit (#define ANSWER 41 vs 42): the build path is explained, the changed code stays content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc
setup_pair elf-build-path-edit

DIR_A=/tmp/whydiff-elf-edit-a
DIR_B=/var/tmp/whydiff/deeper/elf-edit-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    [ "$side" = b ] && edit_c_answer "$dir/hello.c"
    (cd "$dir" && gcc -g -O1 -shared -fPIC -o libhello.so hello.c)
    put_artifact "$side" "$dir/libhello.so"
done

write_expected "gcc 12 (Debian): cd <dir> && gcc -g -O1 -shared -fPIC -o libhello.so hello.c; varied: <dir> /tmp/whydiff-elf-edit-a vs /var/tmp/whydiff/deeper/elf-edit-build-b (DW_AT_comp_dir, another depth) AND a genuine edit, #define ANSWER 41 vs 42 (.text)" \
    build-path content --genuine libhello.so
