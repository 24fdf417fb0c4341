#!/usr/bin/env bash
# clang -g for macOS + ld64.lld (stub libSystem.tbd); #define ANSWER 41 vs 42, same directory, same object mtime.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools clang
need_pkgs lld llvm
setup_pair macho-edit

DIR=/tmp/whydiff-macho-edit
for side in a b; do
    fixed_dir "$DIR"
    c_tree "$DIR"
    [ "$side" = b ] && edit_c_answer "$DIR/hello.c"
    macho_build "$DIR" x86_64
    put_artifact "$side" "$DIR/hello"
done

write_expected --genuine hello "clang 14 -target x86_64-apple-macos11 -g -Os -c hello.c + ld64.lld 14 -arch x86_64 hello.o libSystem.tbd (stub) in /tmp/whydiff-macho-edit, hello.o mtime 1700000000; varied: #define ANSWER 41 vs 42 (__TEXT,__text; LC_UUID follows)" content
