#!/usr/bin/env bash
# gem build of one gemspec at one time, signed with two test keys: the gemspec's cert_chain
# names another signer, data.tar.gz.sig signs the same bytes with another key, and the
# signatures of the members the certificate changed follow from them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gem
setup_pair gem-signed-key
keys="$BUILD_SOURCES_DIR/signing"

for side in a b; do
    epoch=$DATE_A_EPOCH
    key=a; [ "$side" = b ] && key=b
    build_tree "$GEM_SOURCES_DIR" "$WORK/$side" "$PINNED_EPOCH"
    gem_build "$WORK/$side" "$WORK/$side.gem" SOURCE_DATE_EPOCH="$epoch" \
        WHYDIFF_GEM_KEY="$keys/key-$key.pem" WHYDIFF_GEM_CERT="$keys/cert-$key.pem"
    put_artifact "$side" "$WORK/$side.gem" tinygem-1.0.0.gem
done

write_expected \
    "RubyGems $(gem --version): SOURCE_DATE_EPOCH=2021-01-01T00:00:00Z gem build tinygem.gemspec signed (signing_key and cert_chain); varied: the signing key and its certificate, sources-build/signing/key-a.pem vs key-b.pem" environment
