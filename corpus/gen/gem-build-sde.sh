#!/usr/bin/env bash
# gem build of one gemspec at two clock readings (faketime) with SOURCE_DATE_EPOCH set on both:
# RubyGems takes it for every member time, the gzip headers and the gemspec's date, so the
# gems are byte-identical.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gem
setup_pair gem-build-sde

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    build_tree "$GEM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    at_clock "$epoch" bash -c "$(declare -f gem_build); gem_build \"\$@\"" gem_build \
        "$WORK/$side" "$WORK/$side.gem" SOURCE_DATE_EPOCH="$PINNED_EPOCH"
    put_artifact "$side" "$WORK/$side.gem" tinygem-1.0.0.gem
done

write_expected --declared left SOURCE_DATE_EPOCH=$PINNED_EPOCH --declared right SOURCE_DATE_EPOCH=$PINNED_EPOCH \
    "RubyGems $(gem --version): gem build tinygem.gemspec, SOURCE_DATE_EPOCH=$PINNED_EPOCH on both sides (declared); varied: the clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z, which SOURCE_DATE_EPOCH overrides"
