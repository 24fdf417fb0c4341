#!/usr/bin/env bash
# One mingw-built hello.exe, Authenticode-signed by osslsigncode at the same signing time with two
# different test keys and certificates: the signature is all that differs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc osslsigncode
setup_pair pe-signed-key

KEYS="$GEN_DIR/sources-build/signing"
DIR=/tmp/whydiff-pe-signed-key
fixed_dir "$DIR"
c_tree "$DIR"
(cd "$DIR" && x86_64-w64-mingw32-gcc -Os -s -o hello.exe hello.c)
for side in a b; do
    osslsigncode sign -certs "$KEYS/cert-$side.pem" -key "$KEYS/key-$side.pem" -h sha256 \
        -n hello -time "$PINNED_EPOCH" -in "$DIR/hello.exe" -out "$WORK/hello-$side.exe" >/dev/null
    put_artifact "$side" "$WORK/hello-$side.exe" hello.exe
done

write_expected "mingw-w64 gcc 12: x86_64-w64-mingw32-gcc -Os -s -o hello.exe hello.c (SOURCE_DATE_EPOCH pinned), signed by osslsigncode 2.9 -h sha256 -time 2023-11-14T22:13:20Z; varied: the signing key and certificate (two test keys, corpus/gen/sources-build/signing)" environment
