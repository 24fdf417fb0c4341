#!/usr/bin/env bash
# Docutils rst2html --date --time of a small page under two build clocks: the date sits in
# the page footer text ("Generated on: 2021-01-01 00:00 UTC.").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools faketime
need_pkgs python3-docutils
setup_pair shape-html-footer-date

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    mkdir -p "$WORK/$side"
    # SOURCE_DATE_EPOCH unset: the build clock is what the footer shows.
    at_clock "$epoch" env -u SOURCE_DATE_EPOCH /usr/bin/rst2html --date --time --no-generator \
        --no-source-link "$BUILD_SOURCES_DIR/docs/index.rst" "$WORK/$side/index.html"
    put_artifact "$side" "$WORK/$side/index.html"
done

write_expected "Docutils 0.19 (Debian): rst2html --date --time --no-generator --no-source-link index.rst index.html (SOURCE_DATE_EPOCH unset); varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (footer \"Generated on: 2021-01-01 00:00 UTC.\")" \
    timestamp
