#!/usr/bin/env bash
# clang -g for macOS + ld64.lld in two build directories (N_SO / N_OSO paths differ).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools clang
need_pkgs lld llvm
setup_pair macho-build-path

DIR_A=/tmp/whydiff-macho-a
DIR_B=/var/tmp/whydiff-macho-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    macho_build "$dir" x86_64
    put_artifact "$side" "$dir/hello"
done

write_expected "clang 14 -target x86_64-apple-macos11 -g -Os -c hello.c + ld64.lld 14 -arch x86_64 hello.o libSystem.tbd (stub), hello.o mtime 1700000000; varied: build dir /tmp/whydiff-macho-a vs /var/tmp/whydiff-macho-build-b (N_SO, N_OSO; LC_UUID follows)" build-path
