#!/usr/bin/env bash
# A frozen-app style .exe: mingw hello.exe + an appended Info-ZIP payload (zip -A), payload entry times varied.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc zip
setup_pair pe-overlay-zip

DIR=/tmp/whydiff-pe-overlay
fixed_dir "$DIR"
c_tree "$DIR"
# SOURCE_DATE_EPOCH=1700000000 (lib.sh) pins ld's TimeDateStamp: the stub is identical.
(cd "$DIR" && x86_64-w64-mingw32-gcc -Os -s -o hello.exe hello.c)
for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    src_tree "$WORK/$side/payload" "$epoch"
    zip_tree "$WORK/$side/payload" "$WORK/$side/payload.zip"
    cat "$DIR/hello.exe" "$WORK/$side/payload.zip" > "$WORK/$side/app.exe"
    zip -q -A "$WORK/$side/app.exe"
    put_artifact "$side" "$WORK/$side/app.exe"
done

write_expected "mingw-w64 gcc -Os -s hello.exe (pinned) + zip -X payload.zip of the tree, cat hello.exe payload.zip > app.exe && zip -A app.exe; varied: payload file mtimes 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (zip entry times)" timestamp
