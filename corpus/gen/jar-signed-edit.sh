#!/usr/bin/env bash
# A genuine edit of the one class of a jar (answer() returns 41 vs 42), each jar then signed by
# jarsigner with the same RSA test key at the same (frozen) time: the class stays content; the
# manifest's digest, the .SF's digests, the block's messageDigest and signature follow from it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac jar jarsigner faketime
setup_pair jar-signed-edit

for side in a b; do
    src="$WORK/$side/src"
    build_tree "$JAVA_SOURCES_DIR" "$src" "$PINNED_EPOCH"
    [ "$side" = b ] && edit_text "$src/Hello.java" "return 41;" "return 42;"
    hello_jar "$src" "$WORK/$side/tinyapp.jar"
    sign_jar "$JAR_KEYS/jar-a.p12" "$PINNED_EPOCH" "$WORK/$side/tinyapp.jar" "$WORK/$side.jar"
    put_artifact "$side" "$WORK/$side.jar" tinyapp-1.0.0.jar
done

write_expected "OpenJDK 17: javac Hello.java; jar --create --date=2023-11-14T22:13:20Z; signed by jarsigner (SHA-256, SHA256withRSA) with one RSA test key (corpus/gen/sources-build/signing/jar-a.p12) at a frozen clock 2023-11-14T22:13:20Z; varied: a genuine edit, Hello.answer() returns 41 vs 42 (the class; its digest in META-INF/MANIFEST.MF, the digests in META-INF/SIGNER.SF, and the messageDigest and signature of META-INF/SIGNER.RSA follow)" \
    content --genuine com/example/tinyapp/Hello.class
