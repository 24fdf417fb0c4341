#!/bin/sh
# Write VERSION.txt with the build date as `date` prints it (in the build's locale).
set -eu
{
    echo "tinyapp 1.0.0"
    echo "built: $(date)"
} > "$1"
