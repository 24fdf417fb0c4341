#!/usr/bin/env bash
# jar --create run twice on the same class files at two times, without --date: jar stamps
# the manifest and META-INF/ with its clock.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac jar faketime
setup_pair jar-build-twice

jar_classes "$WORK/classes"
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    mkdir -p "$WORK/$side"
    at_clock "$epoch" bash -c "$(declare -f jar_pack need_tools); jar_pack \"\$@\"" jar_pack \
        "$WORK/classes" "$WORK/$side/tinyapp-1.0.0.jar"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac (class files' mtimes 2023-11-14T22:13:20Z); jar --create --file tinyapp-1.0.0.jar <class files> (its own manifest, no --date); varied: the clock of the jar run (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (entry times of META-INF/ and META-INF/MANIFEST.MF)" \
    timestamp
