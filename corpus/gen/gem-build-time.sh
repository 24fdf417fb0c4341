#!/usr/bin/env bash
# gem build of one gemspec on two days (SOURCE_DATE_EPOCH, which RubyGems takes for the build's
# time): the tar and gzip times, the gemspec's date and the checksums of both members differ.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gem
setup_pair gem-build-time

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    build_tree "$GEM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    gem_build "$WORK/$side" "$WORK/$side.gem" SOURCE_DATE_EPOCH="$epoch"
    put_artifact "$side" "$WORK/$side.gem" tinygem-1.0.0.gem
done

write_expected --declared left SOURCE_DATE_EPOCH=$DATE_A_EPOCH --declared right SOURCE_DATE_EPOCH=$DATE_B_EPOCH \
    "RubyGems $(gem --version): gem build tinygem.gemspec; varied: SOURCE_DATE_EPOCH 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (declared; the members' tar and gzip times, the gemspec's date; checksums.yaml's SHA256 and SHA512 of metadata.gz and data.tar.gz follow)" timestamp
