#!/usr/bin/env bash
# Python zipfile (ZIP_STORED) of the same files, each entry's data aligned with Android zipalign's
# 0xd935 extra block: to 4 bytes vs 16 bytes. zipalign itself is not installable here (it ships
# with the Android SDK build tools); zipfile writes the block zipalign writes (in the central
# header too, as zipfile writes extra fields).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools python3
setup_pair zip-align-padding

src_tree "$WORK/src"
members "$WORK/src" > "$WORK/list"
for side in a b; do
    align=4; [ "$side" = b ] && align=16
    python3 - "$WORK/src" "$WORK/$side.zip" "$WORK/list" "$align" <<'PY'
import os, struct, sys, zipfile
root, out, listfile, align = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(listfile) as f:
    names = [line.rstrip("\n") for line in f if line.strip()]
with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
    for name in names:
        path = os.path.join(root, name)
        if os.path.isdir(path):
            continue
        info = zipfile.ZipInfo.from_file(path, arcname=name)
        # zipalign: the data starts after the 30-byte local header, the name and the extra
        # field; the block (id, length, alignment) plus zeros puts it on the boundary.
        start = zf.fp.tell() + 30 + len(name.encode()) + 6
        padding = -start % align
        info.extra = struct.pack("<HHH", 0xD935, 2 + padding, align) + b"\0" * padding
        with open(path, "rb") as data:
            zf.writestr(info, data.read())
PY
    put_artifact "$side" "$WORK/$side.zip" pkg.zip
done

write_expected "Python zipfile: ZipFile(w, ZIP_STORED).writestr(ZipInfo.from_file(path), data) per file, byte-sorted, each with zipalign's 0xd935 extra block (alignment, then zero padding up to it); varied: the alignment, 4 vs 16 bytes, so the padding differs" compression
