#!/usr/bin/env bash
# gzip -n of the man page tinyapp.1 dated with date '+%d %B %Y' at one frozen instant, built
# under two locales: "14 November 2023" vs "14 novembre 2023".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gzip faketime
ensure_locale en_US.UTF-8
ensure_locale fr_FR.UTF-8
setup_pair shape-locale-manpage

for side in a b; do
    lang=en_US.UTF-8; [ "$side" = b ] && lang=fr_FR.UTF-8
    mkdir -p "$WORK/$side"
    "${FROZEN_CLOCK[@]}" env -u LC_ALL LANG="$lang" sh "$SCRIPTS_DIR/make_manpage.sh" "$WORK/$side/tinyapp.1"
    gzip -n -9 -c "$WORK/$side/tinyapp.1" > "$WORK/$side/tinyapp.1.gz"
    put_artifact "$side" "$WORK/$side/tinyapp.1.gz"
done

write_expected "make_manpage.sh (.TH date from date '+%d %B %Y') under faketime 2023-11-14T22:13:20Z on both sides, then gzip -n -9 (as Debian ships man pages); varied: LANG en_US.UTF-8 vs fr_FR.UTF-8, so \"14 November 2023\" vs \"14 novembre 2023\"" \
    locale
