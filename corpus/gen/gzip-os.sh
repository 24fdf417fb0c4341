#!/usr/bin/env bash
# CPython 3.11's two gzip writers on the same pinned tar, level 9, MTIME 0: gzip.compress() lets
# zlib write the header (OS = 3, Unix), gzip.GzipFile writes its own (OS = 255, unknown). The
# deflate stream is zlib's in both. The same gzip.compress() call writes 255 under CPython 3.10
# and 3.13 and 3, like here, under 3.11 and 3.12.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_tools tar python3
setup_pair gzip-os

src_tree "$WORK/src"
tar_tree "$WORK/src" "$WORK/pkg.tar"
"$SYS_PYTHON" - "$WORK/pkg.tar" "$WORK/a.tar.gz" "$WORK/b.tar.gz" <<'PY'
import gzip, sys
data = open(sys.argv[1], "rb").read()
with open(sys.argv[2], "wb") as out:
    out.write(gzip.compress(data, compresslevel=9, mtime=0))
with open(sys.argv[3], "wb") as out, gzip.GzipFile(filename="", fileobj=out, mode="wb", compresslevel=9, mtime=0) as gz:
    gz.write(data)
PY
put_artifact a "$WORK/a.tar.gz" pkg.tar.gz
put_artifact b "$WORK/b.tar.gz" pkg.tar.gz

write_expected "CPython 3.11 (Debian) gzip module, level 9, mtime=0, of one pinned GNU tar; varied: the writer, gzip.compress() (zlib's header: OS 3, Unix) vs gzip.GzipFile (its own header: OS 255, unknown); the deflate stream is the same" compression
