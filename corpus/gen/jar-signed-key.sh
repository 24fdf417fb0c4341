#!/usr/bin/env bash
# One jar signed by jarsigner at the same (frozen) time with two RSA test keys and certificates:
# the signer and its certificate differ, the signature follows from them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac jar jarsigner faketime
setup_pair jar-signed-key

hello_jar "$JAVA_SOURCES_DIR" "$WORK/tinyapp.jar"
for side in a b; do
    sign_jar "$JAR_KEYS/jar-$side.p12" "$PINNED_EPOCH" "$WORK/tinyapp.jar" "$WORK/$side.jar"
    put_artifact "$side" "$WORK/$side.jar" tinyapp-1.0.0.jar
done

write_expected "OpenJDK 17: javac Hello.java; jar --create --date=2023-11-14T22:13:20Z; signed by jarsigner (SHA-256, SHA256withRSA) at a frozen clock 2023-11-14T22:13:20Z; varied: the signing key and certificate (two RSA test keystores, corpus/gen/sources-build/signing/jar-a.p12 vs jar-b.p12; the signer id and certificate of META-INF/SIGNER.RSA, the signature follows)" \
    environment
