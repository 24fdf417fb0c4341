#!/usr/bin/env bash
# gcc -Os of hello.c; #define ANSWER 41 vs 42, same directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc
setup_pair elf-edit

DIR=/tmp/whydiff-elf-edit
for side in a b; do
    fixed_dir "$DIR"
    c_tree "$DIR"
    [ "$side" = b ] && edit_c_answer "$DIR/hello.c"
    (cd "$DIR" && gcc -Os -o hello hello.c)
    put_artifact "$side" "$DIR/hello"
done

write_expected "gcc 12 (Debian): cd /tmp/whydiff-elf-edit && gcc -Os -o hello hello.c; varied: #define ANSWER 41 vs 42 (the build-id follows)" content
