#!/usr/bin/env bash
# x86_64-w64-mingw32-gcc -Wl,--build-id under faketime at two dates: the COFF TimeDateStamp changes,
# the CodeView record (the GUID ld derives from the image without its time) does not.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc faketime
setup_pair pe-buildid-timestamp

DIR=/tmp/whydiff-pe-buildid-timestamp
for side in a b; do
    when="2021-01-01 00:00:00"; [ "$side" = b ] && when="2023-06-15 12:34:56"
    fixed_dir "$DIR"
    c_tree "$DIR"
    # ld takes the time from SOURCE_DATE_EPOCH when set: unset, so the clock counts.
    (cd "$DIR" && env -u SOURCE_DATE_EPOCH faketime -f "$when" \
        x86_64-w64-mingw32-gcc -Os -s -Wl,--insert-timestamp -Wl,--build-id -o hello.exe hello.c)
    put_artifact "$side" "$DIR/hello.exe"
done

write_expected "mingw-w64 gcc 12 + binutils ld: x86_64-w64-mingw32-gcc -Os -s -Wl,--insert-timestamp -Wl,--build-id -o hello.exe hello.c, SOURCE_DATE_EPOCH unset; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (COFF TimeDateStamp; the CodeView RSDS GUID ld hashes from the image leaves the time out and stays equal; the CheckSum follows)" timestamp
