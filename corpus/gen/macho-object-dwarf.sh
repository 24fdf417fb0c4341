#!/usr/bin/env bash
# clang -g -c for macOS in two build directories of different depth: a Mach-O object keeps its
# DWARF in the __DWARF segment (__debug_info, __debug_str, __debug_line, Apple's accelerator
# tables) — as a .dSYM does —, where the build directory is DW_AT_comp_dir.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools clang
setup_pair macho-object-dwarf

DIR_A=/tmp/whydiff-macho-o/b
DIR_B=/var/tmp/whydiff-macho-o/build-7f3a/src
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    (cd "$dir" && clang -target x86_64-apple-macos11 -g -O1 -c hello.c -o hello.o)
    put_artifact "$side" "$dir/hello.o"
done

write_expected "clang 14 -target x86_64-apple-macos11 -g -O1 -c hello.c (Mach-O object with DWARF 4 in __DWARF); varied: build dir /tmp/whydiff-macho-o/b vs /var/tmp/whydiff-macho-o/build-7f3a/src (DW_AT_comp_dir, another depth; string offsets, accelerator tables and section offsets follow)" build-path
