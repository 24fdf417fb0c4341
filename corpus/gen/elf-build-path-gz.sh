#!/usr/bin/env bash
# gcc -g -gz=zlib -O1 -shared -fPIC of hello.c in two build directories: the debug sections are compressed (SHF_COMPRESSED).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc
setup_pair elf-build-path-gz

DIR_A=/tmp/whydiff-elf-gz-a
DIR_B=/var/tmp/whydiff-elf-gz-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    (cd "$dir" && gcc -g -gz=zlib -O1 -shared -fPIC -o libhello.so hello.c)
    put_artifact "$side" "$dir/libhello.so"
done

write_expected "gcc 12 (Debian): cd <dir> && gcc -g -gz=zlib -O1 -shared -fPIC -o libhello.so hello.c; debug sections compressed with zlib; varied: <dir> /tmp/whydiff-elf-gz-a vs /var/tmp/whydiff-elf-gz-build-b (DW_AT_comp_dir inside the compressed sections; the build-id and later offsets follow)" build-path
