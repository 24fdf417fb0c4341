#!/bin/sh
# Write the man page tinyapp.1, dated as Makefiles do with date '+%d %B %Y' (in the build's locale).
set -eu
{
    echo ".TH TINYAPP 1 \"$(date '+%d %B %Y')\" \"tinyapp 1.0.0\" \"User Commands\""
    echo ".SH NAME"
    echo "tinyapp \\- a tiny application"
    echo ".SH SYNOPSIS"
    echo ".B tinyapp"
    echo "[\\fB\\-\\-verbose\\fR]"
} > "$1"
