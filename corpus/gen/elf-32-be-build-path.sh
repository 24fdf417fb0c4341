#!/usr/bin/env bash
# The same hello.c as three shared objects of other ELF classes and byte orders — i386 (ELF32,
# little-endian, gcc -m32), PowerPC (ELF32, big-endian) and PowerPC64 (ELF64, big-endian, both
# clang with ld.lld) — each with DWARF, built in two directories of different depth.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc clang ld.lld
setup_pair elf-32-be-build-path

DIR_A=/tmp/w32/b
DIR_B=/var/tmp/w32/build-7f3a/src
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    c_tree "$dir"
    (
        cd "$dir"
        # No C library is linked (-nostdlib): none of these needs one, and none is installed
        # for these targets.
        gcc -m32 -g -O1 -shared -fPIC -nostdlib -o libhello-i386.so hello.c
        clang --target=powerpc-linux-gnu -g -O1 -shared -fPIC -nostdlib -fuse-ld=lld \
            -o libhello-ppc.so hello.c
        clang --target=powerpc64-linux-gnu -g -O1 -shared -fPIC -nostdlib -fuse-ld=lld \
            -o libhello-ppc64.so hello.c
    )
    for so in libhello-i386.so libhello-ppc.so libhello-ppc64.so; do
        put_artifact "$side" "$dir/$so"
    done
done

write_expected "gcc 12 -m32 and clang/ld.lld 14 for powerpc-linux-gnu and powerpc64-linux-gnu (Debian): cd <dir> && cc -g -O1 -shared -fPIC -nostdlib hello.c (ELF32 LSB, ELF32 MSB, ELF64 MSB); varied: <dir> /tmp/w32/b vs /var/tmp/w32/build-7f3a/src (DW_AT_comp_dir, another depth)" build-path
