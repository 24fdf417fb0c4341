#!/usr/bin/env bash
# A genuine edit (#define ANSWER 41 vs 42) of a mingw-built hello.exe, each image then
# Authenticode-signed by osslsigncode with the same test key at two signing times: the changed
# code stays content, the signing time is a timestamp, and the image digest, messageDigest and
# signature follow from both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc osslsigncode
setup_pair pe-signed-edit

KEYS="$GEN_DIR/sources-build/signing"
DIR=/tmp/whydiff-pe-signed-edit
for side in a b; do
    when="$DATE_A_EPOCH"; [ "$side" = b ] && when="$DATE_B_EPOCH"
    fixed_dir "$DIR"
    c_tree "$DIR"
    [ "$side" = b ] && edit_c_answer "$DIR/hello.c"
    (cd "$DIR" && x86_64-w64-mingw32-gcc -Os -s -o hello.exe hello.c)
    osslsigncode sign -certs "$KEYS/cert-a.pem" -key "$KEYS/key-a.pem" -h sha256 \
        -n hello -time "$when" -in "$DIR/hello.exe" -out "$WORK/hello-$side.exe" >/dev/null
    put_artifact "$side" "$WORK/hello-$side.exe" hello.exe
done

write_expected "mingw-w64 gcc 12: x86_64-w64-mingw32-gcc -Os -s -o hello.exe hello.c (SOURCE_DATE_EPOCH pinned), signed by osslsigncode 2.9 -h sha256 with one test key (corpus/gen/sources-build/signing); varied: a genuine edit, #define ANSWER 41 vs 42 (.text) AND the signing time (-time) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (the image digest, messageDigest and signature follow from both)" \
    content timestamp --genuine hello.exe
