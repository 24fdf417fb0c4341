#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/<target>, not committed) with the project's own
# artifacts: the build pairs of corpus/ and the analyzer fixtures, by format.
set -euo pipefail
cd "$(dirname "$0")"
root=..
seeds=corpus
mkdir -p "$seeds"/{zip,tar,compressed,pyc,pymeta,manifest,properties,compare,native,frozen}
files() { find "$root/corpus" "$root/analyzers/tests/fixtures" -type f -size -2M "$@"; }
files \( -name '*.zip' -o -name '*.whl' -o -name '*.jar' -o -name '*.egg' \) -exec cp -t "$seeds/zip" {} + 2>/dev/null || true
files -name '*.tar' -exec cp -t "$seeds/tar" {} + 2>/dev/null || true
n=0
while IFS= read -r f; do
    case "$f" in *.gz|*.tgz) pick='\x00' ;; *.bz2) pick='\x01' ;; *) pick='\x02' ;; esac
    { printf "$pick"; cat "$f"; } > "$seeds/compressed/seed-$n"
    n=$((n + 1))
done < <(files \( -name '*.gz' -o -name '*.tgz' -o -name '*.bz2' -o -name '*.xz' \))
files -name '*.pyc' -exec cp --backup=numbered -t "$seeds/pyc" {} + 2>/dev/null || true
files \( -name METADATA -o -name PKG-INFO -o -name WHEEL \) | while IFS= read -r f; do
    cp "$f" "$seeds/pymeta/$(echo "$f" | sha256sum | cut -c1-16)"
done
files \( -name MANIFEST.MF -o -name '*.SF' \) | while IFS= read -r f; do
    cp "$f" "$seeds/manifest/$(echo "$f" | sha256sum | cut -c1-16)"
done
files -name '*.properties' | while IFS= read -r f; do
    cp "$f" "$seeds/properties/$(echo "$f" | sha256sum | cut -c1-16)"
done
# native: the corpus's executables, DLLs, shared objects and Mach-O images, found by magic.
files | while IFS= read -r f; do
    case "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" in
        4d5a*|7f454c46|cffaedfe|cefaedfe|cafebabe) cp "$f" "$seeds/native/$(echo "$f" | sha256sum | cut -c1-16)" ;;
    esac
done
# frozen: small CArchives and PYZs rebuilt from the PyInstaller pairs' executables (a few of
# their real entries each, so that a case stays small), behind the byte that picks the reader.
for exe in "$root"/corpus/pyinstaller-*/a/app/main; do
    python3 seed_frozen.py "$exe" "$seeds/frozen/$(echo "$exe" | sha256sum | cut -c1-16)"
done
# compare: [left length, little-endian u16][name index][left bytes][right bytes], small pairs.
n=0
for dir in "$root"/corpus/*/; do
    [ -d "$dir/a" ] || continue
    a=$(find "$dir/a" -maxdepth 1 -type f -size -30k | head -1)
    [ -n "$a" ] || continue
    b="$dir/b/$(basename "$a")"
    [ -f "$b" ] || continue
    case "$a" in *.zip) i=0 ;; *.tar) i=1 ;; *.tar.gz|*.tgz) i=2 ;; *.whl) i=3 ;; *.pyc) i=4 ;; *) i=7 ;; esac
    size=$(stat -c %s "$a")
    python3 -c "import sys; sys.stdout.buffer.write(($size).to_bytes(2, 'little') + bytes([$i]))" > "$seeds/compare/seed-$n"
    cat "$a" "$b" >> "$seeds/compare/seed-$n"
    n=$((n + 1))
done
for t in zip tar compressed pyc pymeta manifest properties compare native; do echo "$t: $(ls "$seeds/$t" | wc -l) seeds"; done
