#!/usr/bin/env bash
# Fetches diffoscope's own test pairs (82 pairs, ~70 formats) from its source distribution on
# PyPI, so that tests/peer_diffoscope.rs runs without ../shared: `make peer-pairs`.
#
# diffoscope is GPL-3.0-or-later (reproducible-builds.org); its test data is downloaded here,
# never committed. The release is pinned, and its sdist checked against the SHA-256 below.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=306
SHA256=2c489aba7334ab0d4a9946ac51fe1b17085621a5476b89950e9c4f1e612cbab3
dest="${1:-target/peer-tests/diffoscope}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v pip >/dev/null || command -v pip3 >/dev/null || { echo "pip is required" >&2; exit 2; }
pip="$(command -v pip || command -v pip3)"
"$pip" download --quiet --no-deps --no-binary :all: "diffoscope==$VERSION" -d "$work"
sdist="$work/diffoscope-$VERSION.tar.gz"
echo "$SHA256  $sdist" | sha256sum --check --quiet
tar -xzf "$sdist" -C "$work" "diffoscope-$VERSION/tests/data"
rm -rf "$dest"
mkdir -p "$dest"
while read -r left right; do
    [ -n "$left" ] || continue
    for name in "$left" "$right"; do
        cp "$work/diffoscope-$VERSION/tests/data/$name" "$dest/$name"
    done
done < tests/peer-pairs/PAIRS
cp tests/peer-pairs/PAIRS "$dest/PAIRS"
echo "$(wc -l < "$dest/PAIRS") pairs of diffoscope $VERSION's tests/data in $dest"
