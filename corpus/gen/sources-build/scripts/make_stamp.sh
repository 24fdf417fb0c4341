#!/bin/sh
# Write BUILD-STAMP: who built the package and on which machine (id -un, hostname),
# as release scripts and packagers record them.
set -eu
user="$(id -un)"
host="$(hostname)"
{
    echo "tinyapp 1.0.0"
    echo "built by $user@$host"
    echo "packager: $user <$user@$host>"
} > "$1"
