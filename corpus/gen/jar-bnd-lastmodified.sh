#!/usr/bin/env bash
# jar of the library with the manifest bnd (maven-bundle-plugin) writes, Bnd-LastModified:
# the build clock in milliseconds, under two build clocks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar faketime
setup_pair jar-bnd-lastmodified

jar_tools "$WORK/tools"
jar_classes "$WORK/classes"
mapfile -t attributes < <(bnd_attributes)
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    mkdir -p "$WORK/$side"
    at_clock "$epoch" java -cp "$WORK/tools" WriteManifest "$WORK/$side/MANIFEST.MF" \
        'Bnd-LastModified=${now.millis}' "${attributes[@]}"
    jar_pack "$WORK/classes" "$WORK/$side/tinyapp-1.0.0.jar" \
        --manifest "$WORK/$side/MANIFEST.MF" --date="$JAR_DATE"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac; java WriteManifest writes META-INF/MANIFEST.MF as bnd 6.4 (maven-bundle-plugin 5.1.9) does (Bnd-LastModified: \${now.millis}, Export-Package wrapped at 72 bytes); jar --create --manifest --date=$JAR_DATE; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (Bnd-LastModified 1609459200000 vs 1686832496000)" \
    timestamp
