#!/usr/bin/env bash
# One wheel of tinypkg (setuptools + wheel, pinned), unpacked and packed again with wheel 0.43.0's
# own WheelFile, which writes RECORD last, one row per file in the order the files were added:
# byte-sorted (what bdist_wheel does since wheel 0.36) vs the order a directory walk gave before
# 0.36 (here: each directory's files in reverse). RECORD's rows and the zip's members come in
# another order; every row, hash and size is the same.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
setup_pair wheel-record-order

py_venv "$WORK/venv"
PROJ=/tmp/whydiff-wheel-record-order
fixed_dir "$PROJ"
py_project tinypkg "$PROJ" "$PINNED_EPOCH"
py_wheel "$WORK/venv/bin/python" "$PROJ" "$WORK/built"
WHEEL=tinypkg-1.0.0-py3-none-any.whl
for side in a b; do
    order=sorted; [ "$side" = b ] && order=walk
    "$WORK/venv/bin/python" - "$WORK/built/$WHEEL" "$WORK/$side/$WHEEL" "$order" <<'PY'
import os, sys, zipfile
from wheel.wheelfile import WheelFile

src, out, order = sys.argv[1:]
with zipfile.ZipFile(src) as z:
    record = next(n for n in z.namelist() if n.endswith(".dist-info/RECORD"))
    files = {i.filename: (i, z.read(i)) for i in z.infolist() if i.filename != record}
names = sorted(files)
if order == "walk":
    # A directory walk in another order: each directory's entries reversed (dist-info first).
    by_dir = {}
    for name in names:
        by_dir.setdefault(os.path.dirname(name), []).append(name)
    names = [n for d in sorted(by_dir, reverse=True) for n in reversed(by_dir[d])]
os.makedirs(os.path.dirname(out), exist_ok=True)
with WheelFile(out, "w") as wf:
    for name in names:
        info, data = files[name]
        # writestr keeps the entry's time, mode and method, and records its row in RECORD.
        wf.writestr(info, data)
PY
    put_artifact "$side" "$WORK/$side/$WHEEL"
done

write_expected "setuptools 69.5.1 + wheel 0.43.0: python -m build --wheel --no-isolation in /tmp/whydiff-wheel-record-order (SOURCE_DATE_EPOCH=1700000000), then its files packed again with wheel 0.43.0's WheelFile.writestr, which writes RECORD's rows in the order files are added; varied: that order, byte-sorted vs each directory's files reversed (a directory walk, as bdist_wheel before 0.36), so RECORD rows and zip members are in another order" ordering
