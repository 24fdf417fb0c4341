#!/usr/bin/env bash
# One jar (javac Hello.java; jar --date), signed twice by jarsigner with the same RSA test key on
# two days: the signingTime signed attribute and the times of the entries jarsigner writes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac jar jarsigner faketime
setup_pair jar-signed-time

hello_jar "$JAVA_SOURCES_DIR" "$WORK/tinyapp.jar"
for side in a b; do
    when="$DATE_A_EPOCH"; [ "$side" = b ] && when="$DATE_B_EPOCH"
    sign_jar "$JAR_KEYS/jar-a.p12" "$when" "$WORK/tinyapp.jar" "$WORK/$side.jar"
    put_artifact "$side" "$WORK/$side.jar" tinyapp-1.0.0.jar
done

write_expected "OpenJDK 17: javac Hello.java; jar --create --date=2023-11-14T22:13:20Z; signed by jarsigner (SHA-256, SHA256withRSA) with one RSA test key (corpus/gen/sources-build/signing/jar-a.p12); varied: the signing clock (faketime; jarsigner ignores SOURCE_DATE_EPOCH) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (the signingTime attribute of META-INF/SIGNER.RSA and the zip times of the three entries jarsigner writes; the signature value, CRC and sizes follow)" \
    timestamp
