#!/usr/bin/env bash
# gcc -O2 -s of check.c (assert()'s __FILE__ in .rodata, no DWARF, no symbols) in two build
# directories AND a genuine edit of a constant in the code: the longer path moves the code's
# references to .rodata, which follow from it; the edited constant beside them stays content.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools gcc
setup_pair shape-rodata-path-edit

DIR_A=/tmp/whydiff-rodata-edit-a
DIR_B=/var/tmp/whydiff-rodata-edit-build-b
for side in a b; do
    dir=$DIR_A; [ "$side" = b ] && dir=$DIR_B
    fixed_dir "$dir"
    build_tree "$BUILD_SOURCES_DIR/c-assert" "$dir" "$PINNED_EPOCH"
    if [ "$side" = b ]; then
        sed -i 's/clamp(50, 0, argc \* 10)/clamp(51, 0, argc * 10)/' "$dir/check.c"
        grep -q 'clamp(51,' "$dir/check.c"
    fi
    (cd "$dir" && gcc -O2 -s -o check "$dir/check.c")
    put_artifact "$side" "$dir/check"
done

write_expected "gcc 12 (Debian): cd <dir> && gcc -O2 -s -o check <dir>/check.c (no -g: no DWARF, no symbol table); varied: <dir> /tmp/whydiff-rodata-edit-a vs /var/tmp/whydiff-rodata-edit-build-b (assert()'s __FILE__ in .rodata; the code's references to it move) AND a genuine edit, clamp(50, …) vs clamp(51, …) (an immediate in .text)" \
    build-path content --genuine check
