#!/usr/bin/env bash
# python -m build --sdist (hatchling, reproducible = false) run by root vs whydiff-builder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools faketime runuser
setup_pair sdist-user

ensure_builder
py_venv "$WORK/venv" "${PY_BUILD_PINS[@]}" "${HATCH_PINS[@]}"
PROJ=/tmp/whydiff-sdist-user
# a: root builds a tree root created.
fixed_dir "$PROJ"
py_project tinypkg-hatch "$PROJ/src" "$PINNED_EPOCH"
"${FROZEN_CLOCK[@]}" bash -c "$(declare -f py_sdist); py_sdist '$WORK/venv/bin/python' '$PROJ/src' '$WORK/a'"
put_artifact a "$WORK/a/tinypkg-1.0.0.tar.gz"
# b: whydiff-builder creates the same tree (umask 022, same mtimes) and builds it.
py_project tinypkg-hatch "$WORK/stage" "$PINNED_EPOCH"
chmod -R a+rX "$WORK"
fixed_dir "$PROJ"
chown "$BUILDER_USER" "$PROJ"
runuser -u "$BUILDER_USER" -- "${BUILDER_ENV[@]}" PYTHONHASHSEED=0 PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 bash -c "set -euo pipefail; umask 022
        $(declare -f build_tree py_sdist)
        build_tree '$WORK/stage' '$PROJ/src' '$PINNED_EPOCH'
        $(printf '%q ' "${FROZEN_CLOCK[@]}") bash -c \"\$(declare -f py_sdist); py_sdist '$WORK/venv/bin/python' '$PROJ/src' '$PROJ/out'\""
put_artifact b "$PROJ/out/tinypkg-1.0.0.tar.gz"

write_expected "hatchling 1.25.0 (reproducible = false): python -m build --sdist --no-isolation under faketime 2023-11-14T22:13:20Z, mtimes 1700000000, umask 022; varied: tree created and built by root vs whydiff-builder (runuser), so tar uid/gid/uname/gname differ" user-host
