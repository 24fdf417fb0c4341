#!/usr/bin/env bash
# One mingw-built hello.exe, Authenticode-signed by osslsigncode with the same test key at the same
# signing time, with an RFC 3161 timestamp token from a test time-stamping authority at two
# times (the token's genTime; the token, the certificate table and the CheckSum follow).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc osslsigncode
setup_pair pe-signed-tsa-time

KEYS="$GEN_DIR/sources-build/signing"
DIR=/tmp/whydiff-pe-signed-tsa-time
fixed_dir "$DIR"
c_tree "$DIR"
(cd "$DIR" && x86_64-w64-mingw32-gcc -Os -s -o hello.exe hello.c)
for side in a b; do
    when="$DATE_A_EPOCH"; [ "$side" = b ] && when="$DATE_B_EPOCH"
    osslsigncode sign -certs "$KEYS/cert-a.pem" -key "$KEYS/key-a.pem" -h sha256 \
        -n hello -time "$PINNED_EPOCH" \
        -TSA-certs "$KEYS/tsa-cert.pem" -TSA-key "$KEYS/tsa-key.pem" -TSA-time "$when" \
        -in "$DIR/hello.exe" -out "$WORK/hello-$side.exe" >/dev/null
    put_artifact "$side" "$WORK/hello-$side.exe" hello.exe
done

write_expected "mingw-w64 gcc 12: x86_64-w64-mingw32-gcc -Os -s -o hello.exe hello.c (SOURCE_DATE_EPOCH pinned), signed by osslsigncode 2.9 -h sha256 -time 2023-11-14T22:13:20Z with one test key and an RFC 3161 token from a test TSA (corpus/gen/sources-build/signing); varied: the TSA's time (-TSA-time) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (the token's genTime; the token, the certificate table and the CheckSum follow)" timestamp
