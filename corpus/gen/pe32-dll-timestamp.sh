#!/usr/bin/env bash
# i686-w64-mingw32-gcc -shared of hello.c (a 32-bit PE32 DLL) under faketime at two dates.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools i686-w64-mingw32-gcc faketime
setup_pair pe32-dll-timestamp

DIR=/tmp/whydiff-pe32-dll-timestamp
for side in a b; do
    when="2021-01-01 00:00:00"; [ "$side" = b ] && when="2023-06-15 12:34:56"
    fixed_dir "$DIR"
    c_tree "$DIR"
    (cd "$DIR" && env -u SOURCE_DATE_EPOCH faketime -f "$when" \
        i686-w64-mingw32-gcc -Os -s -shared -Wl,--insert-timestamp -o hello.dll hello.c)
    put_artifact "$side" "$DIR/hello.dll"
done

write_expected "mingw-w64 gcc 12 + binutils ld (i686, PE32): i686-w64-mingw32-gcc -Os -s -shared -Wl,--insert-timestamp -o hello.dll hello.c, SOURCE_DATE_EPOCH unset; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (COFF TimeDateStamp, the export directory's TimeDateStamp; the CheckSum follows)" timestamp
