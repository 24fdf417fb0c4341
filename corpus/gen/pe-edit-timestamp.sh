#!/usr/bin/env bash
# x86_64-w64-mingw32-gcc of hello.c under faketime at two dates AND a genuine edit (#define ANSWER
# 41 vs 42): the link time is a timestamp, the changed code stays content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools x86_64-w64-mingw32-gcc faketime
setup_pair pe-edit-timestamp

DIR=/tmp/whydiff-pe-edit-timestamp
for side in a b; do
    when="2021-01-01 00:00:00"; [ "$side" = b ] && when="2023-06-15 12:34:56"
    fixed_dir "$DIR"
    c_tree "$DIR"
    [ "$side" = b ] && edit_c_answer "$DIR/hello.c"
    (cd "$DIR" && env -u SOURCE_DATE_EPOCH faketime -f "$when" \
        x86_64-w64-mingw32-gcc -Os -s -Wl,--insert-timestamp -o hello.exe hello.c)
    put_artifact "$side" "$DIR/hello.exe"
done

write_expected "mingw-w64 gcc 12 + binutils ld: x86_64-w64-mingw32-gcc -Os -s -Wl,--insert-timestamp -o hello.exe hello.c, SOURCE_DATE_EPOCH unset; varied: build clock (faketime) 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z (COFF TimeDateStamp) AND a genuine edit, #define ANSWER 41 vs 42 (.text; the CheckSum follows from both)" \
    content timestamp --genuine hello.exe
