#!/usr/bin/env bash
# A bundle dir holding our package's files plus an unzipped egg of a dependency, as setuptools'
# easy_install left them: tinydep-1.0.0-py3.11.egg/ vs tinydep-1.1.0-py3.11.egg/, built by bdist_egg.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair egg-bundle-dep-version
need_tools unzip

py_venv "$WORK/venv"
PY="$WORK/venv/bin/python"
pyver=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
for side in a b; do
    version=1.0.0; greeting="hello"
    if [ "$side" = b ]; then version=1.1.0; greeting="Hello"; fi
    proj="$WORK/$side/tinydep"
    build_tree "$BUILD_SOURCES_DIR/tinydep" "$proj" "$PINNED_EPOCH"
    mkdir -p "$proj/tinydep"
    printf '"""A tiny dependency."""\n__version__ = "%s"\n\n\ndef greet(name):\n    return "%s, " + name\n' \
        "$version" "$greeting" > "$proj/tinydep/__init__.py"
    (cd "$proj" && TINYDEP_VERSION=$version "$PY" setup.py -q bdist_egg --dist-dir "$WORK/$side/dist" >/dev/null 2>&1)
    egg="tinydep-$version-py$pyver.egg"
    bundle="$WORK/$side/bundle"
    build_tree "$SOURCES_DIR" "$bundle" "$PINNED_EPOCH"          # the app's own files, identical
    mkdir -p "$bundle/$egg"
    unzip -q "$WORK/$side/dist/$egg" -d "$bundle/$egg"
    # PYTHONDONTWRITEBYTECODE (lib.sh) keeps bdist_egg from byte-compiling: its pyc headers would
    # carry the build clock. Should a setuptools ignore it, the bytecode goes (pyc pairs cover pyc).
    find "$bundle/$egg" -name '*.pyc' -delete
    put_tree "$side" "$bundle"
done

write_expected "setuptools 69.5.1 bdist_egg of a tiny dependency, unzipped into bundle/ next to the app's files (as easy_install installs eggs); varied: the dependency's release, tinydep 1.0.0 vs 1.1.0 (its version and one string)" dependency-version
