#!/usr/bin/env bash
# A signed jar holding pom.properties written by Properties.store under two build clocks,
# signed by jarsigner with one key at one pinned time: the manifest's digest of
# pom.properties, the signature file's digests of the manifest and of its section, and the
# signature block follow from the date comment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar jarsigner keytool faketime openssl
setup_pair jar-signed-pom-properties

SIGNING="$BUILD_SOURCES_DIR/signing"
PROPS=META-INF/maven/com.example/tinyapp/pom.properties
jar_classes "$WORK/classes"
javac -d "$WORK/tool" "$JAVA_SOURCES_DIR/WriteBuildProps.java"
# The test key A as a PKCS#12 keystore (not kept: the jar holds only the certificate).
openssl pkcs12 -export -inkey "$SIGNING/key-a.pem" -in "$SIGNING/cert-a.pem" -name tinyapp \
    -passout pass:whydiff -out "$WORK/keystore.p12"
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    cls="$WORK/$side/classes"
    mkdir -p "$WORK/$side"
    cp -a "$WORK/classes" "$cls"
    mkdir -p "$cls/$(dirname "$PROPS")"
    # SOURCE_DATE_EPOCH unset: Debian's OpenJDK would write it in the store comment.
    at_clock "$epoch" env -u SOURCE_DATE_EPOCH java -cp "$WORK/tool" WriteBuildProps "$cls/$PROPS"
    touch -d "@$PINNED_EPOCH" "$cls/$PROPS"
    jar_pack "$cls" "$WORK/$side/tinyapp-1.0.0.jar" --date="$JAR_DATE"
    at_clock "$PINNED_EPOCH" jarsigner -keystore "$WORK/keystore.p12" -storetype PKCS12 \
        -storepass whydiff -digestalg SHA-256 -sigalg SHA256withRSA \
        "$WORK/$side/tinyapp-1.0.0.jar" tinyapp >/dev/null
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac; java WriteBuildProps (SOURCE_DATE_EPOCH unset) writes pom.properties with java.util.Properties.store; jar --create --date=$JAR_DATE; jarsigner -digestalg SHA-256 -sigalg SHA256withRSA with test key A (sources-build/signing), clock frozen at 2023-11-14T22:13:20Z; varied: build clock of the properties step (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (the MANIFEST.MF digest of pom.properties, the TINYAPP.SF digests and the TINYAPP.RSA signature follow)" \
    timestamp
