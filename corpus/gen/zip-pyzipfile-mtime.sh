#!/usr/bin/env bash
# Python zipfile (ZIP_DEFLATED) of the same files; date_time taken from two different source mtimes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools python3
setup_pair zip-pyzipfile-mtime

for side in a b; do
    epoch=$DATE_A_EPOCH; [ "$side" = b ] && epoch=$DATE_B_EPOCH
    src_tree "$WORK/$side" "$epoch"
    members "$WORK/$side" > "$WORK/$side.list"
    python3 - "$WORK/$side" "$WORK/$side.zip" "$WORK/$side.list" <<'PY'
import sys, zipfile
root, out, listfile = sys.argv[1:4]
with open(listfile) as f:
    names = [line.rstrip("\n") for line in f if line.strip()]
# ZipFile.write -> ZipInfo.from_file: date_time = localtime(st_mtime)[:6] (TZ=UTC),
# external_attr from st_mode; directories are stored, files deflated.
with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
    for name in names:
        zf.write(root + "/" + name, arcname=name)
PY
    put_artifact "$side" "$WORK/$side.zip" pkg.zip
done

write_expected "Python zipfile: ZipFile(w, ZIP_DEFLATED).write(path, arcname) per file, byte-sorted; varied: source mtimes 2021-01-01T00:00:00Z vs 2023-06-15T12:34:56Z, so date_time differs" timestamp
