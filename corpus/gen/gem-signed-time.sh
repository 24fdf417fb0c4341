#!/usr/bin/env bash
# gem build of one gemspec signed with one test key (signing_key, cert_chain) on two days
# (SOURCE_DATE_EPOCH): the times differ as in gem-build-time, and each member's RSA signature
# (`<member>.sig`) follows from its member.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gem
setup_pair gem-signed-time
keys="$BUILD_SOURCES_DIR/signing"

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    key=a
    build_tree "$GEM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    gem_build "$WORK/$side" "$WORK/$side.gem" SOURCE_DATE_EPOCH="$epoch" \
        WHYDIFF_GEM_KEY="$keys/key-$key.pem" WHYDIFF_GEM_CERT="$keys/cert-$key.pem"
    put_artifact "$side" "$WORK/$side.gem" tinygem-1.0.0.gem
done

write_expected --declared left SOURCE_DATE_EPOCH=$DATE_A_EPOCH --declared right SOURCE_DATE_EPOCH=$DATE_B_EPOCH \
    "RubyGems $(gem --version): gem build tinygem.gemspec signed (signing_key and cert_chain: the test key sources-build/signing/key-a.pem); varied: SOURCE_DATE_EPOCH 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (declared; the members' tar and gzip times, the gemspec's date; the .sig members and checksums follow)" timestamp
