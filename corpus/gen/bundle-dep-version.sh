#!/usr/bin/env bash
# A "frozen app" bundle dir: pip install --target of our wheel plus six 1.16.0 vs 1.17.0.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair bundle-dep-version

py_venv "$WORK/venv"
PROJ=/tmp/whydiff-bundle-dep-version
DIST=/tmp/whydiff-bundle-dist   # pip records the wheel's file:// URL in direct_url.json
fixed_dir "$PROJ" "$DIST"
py_project tinypkg "$PROJ" "$PINNED_EPOCH"
py_wheel "$WORK/venv/bin/python" "$PROJ" "$DIST"
for side in a b; do
    six=six==1.16.0; [ "$side" = b ] && six=six==1.17.0
    "$WORK/venv/bin/python" -m pip install -q --no-deps --no-compile --target "$WORK/$side/bundle" \
        "$DIST/tinypkg-1.0.0-py3-none-any.whl" "$six"
    put_tree "$side" "$WORK/$side/bundle"
done

write_expected "pip 24.0: pip install --no-deps --no-compile --target bundle/ /tmp/whydiff-bundle-dist/tinypkg-1.0.0-py3-none-any.whl (same wheel both sides) six; varied: six==1.16.0 vs six==1.17.0" dependency-version
