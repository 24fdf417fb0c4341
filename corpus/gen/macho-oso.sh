#!/usr/bin/env bash
# clang -g for macOS + ld64.lld (stub libSystem.tbd): the object file's mtime is recorded in N_OSO.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools clang
need_pkgs lld llvm
setup_pair macho-oso

DIR=/tmp/whydiff-macho-oso
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    fixed_dir "$DIR"
    c_tree "$DIR"
    macho_build "$DIR" x86_64 "$epoch"
    put_artifact "$side" "$DIR/hello"
done

write_expected "clang 14 -target x86_64-apple-macos11 -g -Os -c hello.c + ld64.lld 14 -arch x86_64 hello.o libSystem.tbd (stub) in /tmp/whydiff-macho-oso; varied: hello.o mtime 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (N_OSO stab value; LC_UUID follows)" timestamp
