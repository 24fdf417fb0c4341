#!/bin/sh
# Write buildinfo.txt: the build machine's kernel and CPU count, as build scripts capture them.
# WHYDIFF_KERNEL / WHYDIFF_NPROC inject the values of another machine (the corpus records two).
set -eu
kernel="${WHYDIFF_KERNEL:-$(uname -r)}"
cpus="${WHYDIFF_NPROC:-$(nproc)}"
{
    echo "package: tinypkg 1.0.0"
    echo "kernel: $kernel"
    echo "cpus: $cpus"
    echo "make: make -j$cpus"
} > "$1"
