#!/usr/bin/env bash
# Sphinx html build of a small page under two build clocks: "Last updated on Jan 01, 2021."
# in the footer text (html_last_updated_fmt), next to a fixed "Copyright 2024".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools faketime
need_pkgs python3-sphinx
setup_pair shape-sphinx-last-updated

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    mkdir -p "$WORK/$side/src"
    cp "$BUILD_SOURCES_DIR/docs/index.rst" "$BUILD_SOURCES_DIR/docs/conf.py" "$WORK/$side/src/"
    # SOURCE_DATE_EPOCH unset: Sphinx would use it for the date; the build clock is used instead.
    at_clock "$epoch" env -u SOURCE_DATE_EPOCH /usr/bin/sphinx-build -q -E -b html \
        "$WORK/$side/src" "$WORK/$side/html"
    # The page itself (_static/ and the search index are the same on both sides).
    put_artifact "$side" "$WORK/$side/html/index.html"
done

write_expected "Sphinx 5.3 (Debian): sphinx-build -E -b html (theme classic, html_last_updated_fmt = \"%b %d, %Y\", SOURCE_DATE_EPOCH unset), index.html; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (\"Last updated on Jan 01, 2021.\" vs \"Jun 15, 2023.\")" \
    timestamp
