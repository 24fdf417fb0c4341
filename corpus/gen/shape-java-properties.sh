#!/usr/bin/env bash
# jar of a class + META-INF/maven/.../pom.properties written by java.util.Properties.store
# under two build clocks: the date sits in a comment line, glued to '#'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar faketime
setup_pair shape-java-properties

PROPS=META-INF/maven/com.example/tinyapp/pom.properties
javac -d "$WORK/tool" "$JAVA_SOURCES_DIR/WriteBuildProps.java"
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    cls="$WORK/$side/classes"
    javac -d "$cls" "$JAVA_SOURCES_DIR/Hello.java"
    mkdir -p "$cls/$(dirname "$PROPS")"
    # SOURCE_DATE_EPOCH unset: Debian's OpenJDK would write it (as "#2023-11-14 22:13:20 UTC").
    at_clock "$epoch" env -u SOURCE_DATE_EPOCH java -cp "$WORK/tool" WriteBuildProps "$cls/$PROPS"
    # jar entry times pinned by --date; members listed in a fixed order.
    jar --create --file "$WORK/$side/tinyapp-1.0.0.jar" --date=2023-11-14T22:13:20Z \
        -C "$cls" "$PROPS" -C "$cls" com/example/tinyapp/Hello.class
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac Hello.java; java WriteBuildProps (SOURCE_DATE_EPOCH unset) writes pom.properties with java.util.Properties.store (#<Date.toString()> comment); jar --create --date=2023-11-14T22:13:20Z; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (#Fri Jan 01 00:00:00 UTC 2021 vs #Thu Jun 15 12:34:56 UTC 2023)" \
    timestamp
