"""Writes fuzz seeds for the `frozen` target from a PyInstaller executable: a CArchive holding
the executable's small entries (scripts and loader modules) and a PYZ holding its first modules,
each rebuilt as PyInstaller writes them and prefixed by the byte that picks the reader."""

import marshal
import struct
import sys
import zlib

COOKIE = b"MEI\x0c\x0b\x0a\x0b\x0e"


def entries(data):
    at = data.rfind(COOKIE)
    length, toc, toc_len, pyvers = struct.unpack("!IIII", data[at + 8 : at + 24])
    start = at + 88 - length
    pos, end = start + toc, start + toc + toc_len
    while pos < end:
        size, offset, stored, full, flag, code = struct.unpack("!IIIIBc", data[pos : pos + 18])
        name = data[pos + 18 : pos + size].split(b"\0")[0]
        yield name, code, flag, full, data[start + offset : start + offset + stored]
        pos += size
    return pyvers


def carchive(items, pyvers=311):
    body, toc = b"", b""
    for name, code, flag, full, blob in items:
        padded = name + b"\0"
        padded += b"\0" * (-(18 + len(padded)) % 16)
        toc += struct.pack("!IIIIBc", 18 + len(padded), len(body), len(blob), full, flag, code)
        toc += padded
        body += blob
    cookie = struct.pack("!8sIIII64s", COOKIE, len(body) + len(toc) + 88, len(body), len(toc),
                         pyvers, b"libpython3.11.so.1.0")
    return body + toc + cookie


def pyz(archive, count=12):
    magic, toc_offset = archive[4:8], struct.unpack("!i", archive[8:12])[0]
    toc = list(marshal.loads(archive[toc_offset:]))[:count]
    body, kept = b"", []
    for name, (kind, offset, length) in toc:
        kept.append((name, (kind, 17 + len(body), length)))
        body += archive[offset : offset + length]
    header = b"PYZ\0" + magic + struct.pack("!i", 17 + len(body)) + b"\0" * 5
    return header + body + marshal.dumps(kept)


def main(executable, out):
    data = open(executable, "rb").read()
    found = list(entries(data))
    small = [e for e in found if e[1] != b"z" and len(e[4]) < 4096]
    open(out + "-carchive", "wb").write(b"\0" + carchive(small))
    for name, code, flag, full, blob in found:
        if code == b"z" and not flag:
            open(out + "-pyz", "wb").write(b"\1" + pyz(blob))


main(*sys.argv[1:])
