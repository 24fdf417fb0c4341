#!/usr/bin/env bash
# bnd's manifest under two build clocks (Bnd-LastModified) AND a genuine edit of the
# project's Implementation-Version, which looks like a tool version.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar faketime
setup_pair jar-edit-implementation-version

jar_tools "$WORK/tools"
jar_classes "$WORK/classes"
mapfile -t attributes < <(bnd_attributes)
for side in a b; do
    epoch=$DATE_A_EPOCH version=1.0.0
    [ "$side" = b ] && epoch=$DATE_B_EPOCH version=1.0.1
    mkdir -p "$WORK/$side"
    at_clock "$epoch" java -cp "$WORK/tools" WriteManifest "$WORK/$side/MANIFEST.MF" \
        'Bnd-LastModified=${now.millis}' "${attributes[@]}" \
        "Implementation-Title=tinyapp" "Implementation-Version=$version"
    jar_pack "$WORK/classes" "$WORK/$side/tinyapp.jar" \
        --manifest "$WORK/$side/MANIFEST.MF" --date="$JAR_DATE"
    put_artifact "$side" "$WORK/$side/tinyapp.jar"
done

write_expected --genuine META-INF/MANIFEST.MF "OpenJDK 17: javac; java WriteManifest writes META-INF/MANIFEST.MF as bnd 6.4 (maven-bundle-plugin 5.1.9) does; jar --create --manifest --date=$JAR_DATE; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (Bnd-LastModified) AND a genuine edit, Implementation-Version: 1.0.0 vs 1.0.1" \
    content timestamp
