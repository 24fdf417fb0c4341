#!/usr/bin/env bash
# One jar signed twice by jarsigner with the same EC test key at the same (frozen) time: ECDSA
# draws a random nonce per signature, so the signature value alone differs. The two draws are
# replayed from two fixed entropy streams (with_entropy), so that a rerun makes the same bytes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac jar jarsigner faketime unshare openssl
setup_pair jar-signed-ec

hello_jar "$JAVA_SOURCES_DIR" "$WORK/tinyapp.jar"
for side in a b; do
    draw=1; [ "$side" = b ] && draw=2
    sign_jar "$JAR_KEYS/jar-ec.p12" "$PINNED_EPOCH" "$WORK/tinyapp.jar" "$WORK/$side.jar" "$draw"
    put_artifact "$side" "$WORK/$side.jar" tinyapp-1.0.0.jar
done

write_expected "OpenJDK 17: javac Hello.java; jar --create --date=2023-11-14T22:13:20Z; signed by jarsigner (SHA-256, SHA256withECDSA) with one EC P-256 test key (corpus/gen/sources-build/signing/jar-ec.p12) at a frozen clock 2023-11-14T22:13:20Z; varied: the signer's randomness (ECDSA's per-signature nonce; two recorded draws, replayed as /dev/urandom in a private mount namespace): only the signature value of META-INF/SIGNER.EC differs (its DER length too; CRC and sizes follow)" \
    environment
