#!/usr/bin/env bash
# llvm-lipo -create of x86_64 + arm64 macOS builds (clang -g + ld64.lld) made in two build directories.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools clang
need_pkgs lld llvm
setup_pair macho-universal

DIR_A=/tmp/whydiff-universal-a
DIR_B=/var/tmp/whydiff-universal-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    for arch in x86_64 arm64; do
        fixed_dir "$dir/$arch"
        c_tree "$dir/$arch"
        macho_build "$dir/$arch" "$arch"
    done
    "$LLVM_BIN/llvm-lipo" -create -output "$dir/hello" "$dir/x86_64/hello" "$dir/arm64/hello"
    put_artifact "$side" "$dir/hello"
done

write_expected "clang 14 -g -Os + ld64.lld 14 per arch (x86_64, arm64; stub libSystem.tbd, hello.o mtime 1700000000) in <dir>/<arch>, then llvm-lipo -create; varied: <dir> /tmp/whydiff-universal-a vs /var/tmp/whydiff-universal-build-b (N_SO, N_OSO in both slices; LC_UUIDs follow)" build-path
