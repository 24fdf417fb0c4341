#!/usr/bin/env bash
# Two plain gem builds of one gemspec, seconds apart on the same day (SOURCE_DATE_EPOCH unset:
# RubyGems takes the clock, here frozen by faketime at two instants so that a rerun gives the
# same bytes): the tar and gzip times and the checksums differ; the date, a day, does not.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gem
setup_pair gem-build-twice

for side in a b; do
    epoch=$PINNED_EPOCH; [ "$side" = b ] && epoch=$((PINNED_EPOCH + 37))
    build_tree "$GEM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    at_clock "$epoch" bash -c "$(declare -f gem_build); gem_build \"\$@\"" gem_build "$WORK/$side" "$WORK/$side.gem"
    put_artifact "$side" "$WORK/$side.gem" tinygem-1.0.0.gem
done

write_expected "RubyGems $(gem --version): gem build tinygem.gemspec twice, SOURCE_DATE_EPOCH unset; varied: nothing but the clock, 2023-11-14T22:13:20Z vs 37 s later (faketime; the members' tar and gzip times; the checksums follow)" timestamp
