#!/usr/bin/env bash
# tar (pinned) of tinypkg + VERSION.txt holding `date` at one frozen instant, built under
# two locales (declared LANG): the same instant in English and German words.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar faketime
ensure_locale en_US.UTF-8
ensure_locale de_DE.UTF-8
setup_pair shape-locale-date

for side in a b; do
    lang=en_US.UTF-8; [ "$side" = b ] && lang=de_DE.UTF-8
    src_tree "$WORK/$side/src"
    # LC_ALL unset, so LANG decides; the clock frozen at the pinned instant on both sides.
    "${FROZEN_CLOCK[@]}" env -u LC_ALL LANG="$lang" sh "$SCRIPTS_DIR/make_version_txt.sh" "$WORK/$side/src/VERSION.txt"
    touch -d "@$PINNED_EPOCH" "$WORK/$side/src/VERSION.txt" "$WORK/$side/src"
    tar_tree "$WORK/$side/src" "$WORK/$side.tar"
    put_artifact "$side" "$WORK/$side.tar" release.tar
done

write_expected "GNU tar (--sort=name, owner 0, mtime 1700000000) of the tree + VERSION.txt written by make_version_txt.sh (built: \$(date)) under faketime 2023-11-14T22:13:20Z on both sides; varied: LANG en_US.UTF-8 vs de_DE.UTF-8 (declared), so \"Tue Nov 14 10:13:20 PM UTC 2023\" vs \"Di 14. Nov 22:13:20 UTC 2023\"" \
    locale --left LANG=en_US.UTF-8 --right LANG=de_DE.UTF-8
