#!/usr/bin/env bash
# One jar signed twice by jarsigner with the same RSA key at the same (frozen) time, each time
# stamped by a test RFC 3161 time-stamping authority (openssl ts) whose clock differs: the
# token's genTime is the root; the token follows. The request's nonce is the JVM's draw,
# replayed from one fixed entropy stream on both sides.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac jar jarsigner faketime unshare openssl python3
setup_pair jar-signed-tsa-time

hello_jar "$JAVA_SOURCES_DIR" "$WORK/tinyapp.jar"
for side in a b; do
    when="$DATE_A_EPOCH"; [ "$side" = b ] && when="$DATE_B_EPOCH"
    start_tsa 18431 "$when"
    sign_jar "$JAR_KEYS/jar-a.p12" "$PINNED_EPOCH" "$WORK/tinyapp.jar" "$WORK/$side.jar" 1
    stop_tsa
    put_artifact "$side" "$WORK/$side.jar" tinyapp-1.0.0.jar
done

write_expected "OpenJDK 17: javac Hello.java; jar --create --date=2023-11-14T22:13:20Z; signed by jarsigner -tsa (SHA-256, SHA256withRSA) with one RSA test key (corpus/gen/sources-build/signing/jar-a.p12) at a frozen clock 2023-11-14T22:13:20Z, time-stamped by a test RFC 3161 authority (openssl ts -reply, sources-build/signing/tsa_server.py; the request nonce replayed from one entropy stream); varied: the authority's clock 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (the token's genTime in META-INF/SIGNER.RSA; the token, CRC and sizes follow)" \
    timestamp
