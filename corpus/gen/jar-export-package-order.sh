#!/usr/bin/env bash
# jar of the library with bnd's manifest whose Export-Package (wrapped over several
# 72-byte lines) lists the same packages in another order, as bnd's hash tables gave it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar faketime
setup_pair jar-export-package-order

jar_tools "$WORK/tools"
jar_classes "$WORK/classes"
for side in a b; do
    if [ "$side" = b ]; then
        BND_EXPORTS=("${BND_EXPORTS[2]}" "${BND_EXPORTS[0]}" "${BND_EXPORTS[1]}")
    fi
    mapfile -t attributes < <(bnd_attributes)
    mkdir -p "$WORK/$side"
    at_clock "$PINNED_EPOCH" java -cp "$WORK/tools" WriteManifest "$WORK/$side/MANIFEST.MF" \
        'Bnd-LastModified=${now.millis}' "${attributes[@]}"
    jar_pack "$WORK/classes" "$WORK/$side/tinyapp-1.0.0.jar" \
        --manifest "$WORK/$side/MANIFEST.MF" --date="$JAR_DATE"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac; java WriteManifest writes META-INF/MANIFEST.MF as bnd 6.4 (maven-bundle-plugin 5.1.9) does, build clock frozen at 2023-11-14T22:13:20Z; jar --create --manifest --date=$JAR_DATE; varied: the order of Export-Package's three packages (wrapped over four 72-byte lines), tinyapp, api, util vs util, tinyapp, api (two orders of bnd's hash tables, replayed)" \
    ordering
