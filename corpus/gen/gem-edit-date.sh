#!/usr/bin/env bash
# A gemspec that sets its own date, edited (2024-01-01 -> 2024-02-01), built on two days: the
# build's times are timestamps, the gemspec's date is the author's edit and must stay content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gem
setup_pair gem-edit-date

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    build_tree "$GEM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    edit_text "$WORK/$side/tinygem.gemspec" '  s.license = "MIT"' '  s.license = "MIT"
  s.date = "2024-01-01"'
    if [ "$side" = b ]; then
        edit_text "$WORK/$side/tinygem.gemspec" '"2024-01-01"' '"2024-02-01"'
    fi
    gem_build "$WORK/$side" "$WORK/$side.gem" SOURCE_DATE_EPOCH="$epoch"
    put_artifact "$side" "$WORK/$side.gem" tinygem-1.0.0.gem
done

write_expected --genuine metadata --declared left SOURCE_DATE_EPOCH=$DATE_A_EPOCH --declared right SOURCE_DATE_EPOCH=$DATE_B_EPOCH \
    "RubyGems $(gem --version): gem build tinygem.gemspec, the gemspec setting s.date; varied: SOURCE_DATE_EPOCH 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (declared; tar and gzip times) AND a genuine edit, s.date = \"2024-01-01\" vs \"2024-02-01\"" content timestamp
