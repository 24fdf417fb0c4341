#!/usr/bin/env bash
# jar of the library with the manifest maven-archiver 3.x wrote before 3.5 (Built-By:
# ${user.name}, Build-Jdk: ${java.version}), built by two users.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar runuser
setup_pair jar-built-by

ensure_builder
chmod 0755 "$WORK"
jar_tools "$WORK/tools"
jar_classes "$WORK/classes"
chmod -R a+rX "$WORK/tools" "$WORK/classes"
for side in a b; do
    mkdir -p "$WORK/$side"
    write=(java -cp "$WORK/tools" WriteManifest "$WORK/$side/MANIFEST.MF"
           "Archiver-Version=Plexus Archiver" 'Built-By=${user.name}'
           "Created-By=Apache Maven 3.8.7" 'Build-Jdk=${java.version}')
    if [ "$side" = a ]; then
        "${write[@]}"
    else
        chown "$BUILDER_USER" "$WORK/$side"
        runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" "${write[@]}"
    fi
    jar_pack "$WORK/classes" "$WORK/$side/tinyapp-1.0.0.jar" \
        --manifest "$WORK/$side/MANIFEST.MF" --date="$JAR_DATE"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac; java WriteManifest writes META-INF/MANIFEST.MF as maven-archiver before 3.5 (java.util.jar.Manifest; Built-By: \${user.name}, Build-Jdk: \${java.version}); jar --create --manifest --date=$JAR_DATE; varied: the build user, root vs whydiff-builder (runuser)" \
    user-host
