#!/usr/bin/env bash
# python3.11 -m compileall of tinyapp in two build directories (co_filename differs, declared
# build_path), whose settings DATA_DIR path was also edited by hand.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_pkgs python3
setup_pair edit-path-data-dir-pyc

DIR_A=/tmp/whydiff-edit-path-a
DIR_B=/var/tmp/whydiff-edit-path-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    app_tree "$dir"
    if [ "$side" = b ]; then
        edit_text "$dir/app/settings.py" 'DATA_DIR = "/srv/app/data"' 'DATA_DIR = "/opt/app/data"'
    fi
    "${PYC_ENV[@]}" /usr/bin/python3.11 -m compileall -q "$dir/app"
    # The installed package: sources and their timestamp pycs.
    put_tree "$side" "$dir/app"
done

write_expected "CPython 3.11 (Debian): python3.11 -m compileall -q <dir>/app (timestamp pycs, mtimes 1700000000), the package shipped with its sources; varied: <dir> /tmp/whydiff-edit-path-a vs /var/tmp/whydiff-edit-path-build-b (declared build_path; co_filename) AND a genuine edit, app/settings.py DATA_DIR = \"/srv/app/data\" vs \"/opt/app/data\" (source and its pyc constant)" \
    build-path content --genuine app/settings.py --genuine app/__pycache__/settings.cpython-311.pyc \
    --left build_path="$DIR_A" --right build_path="$DIR_B"
