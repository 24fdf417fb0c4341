"""Writes DIR/a/ and DIR/b/: the same 300 wheels (60,000 members, ~330 MB a side) built twice at
two times and nothing else changed — a distribution mirror rebuilt on another day. Each wheel has
a package of Python modules (text) and compiled extensions (incompressible bytes), and a
dist-info with METADATA, WHEEL, top_level.txt and a RECORD of real sha256 digests; the right side
differs only in every zip entry's date. Deterministic (fixed seed). For `make bench`."""
import base64
import hashlib
import os
import random
import sys
import zipfile

WHEELS = 300
MEMBERS = 200  # per wheel, dist-info included

out = sys.argv[1]
rng = random.Random(13)
# Text is built from a pool of lines so that generating 600 MB of it stays quick.
pool = [
    f"    value_{i} = compute({rng.randint(0, 10**9)}, key={rng.random():.12f})  # step {i}\n"
    for i in range(4096)
]


def module(n):
    start = rng.randrange(len(pool) - 160)
    body = "".join(pool[start : start + 150])
    return f'"""Module {n}."""\n\n\ndef run_{n}():\n{body}    return None\n'.encode()


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


wheels = []
for w in range(WHEELS):
    name, version = f"pkg{w:03d}", f"1.{w % 7}.{w % 11}"
    members = []
    for m in range(MEMBERS - 4):
        if m % 5 == 4:
            members.append((f"{name}/_ext{m}.cpython-312-x86_64-linux-gnu.so", rng.randbytes(15_000)))
        else:
            members.append((f"{name}/mod_{m}.py", module(m)))
    info = f"{name}-{version}.dist-info"
    members.append((f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()))
    members.append((f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: bdist_wheel (0.43.0)\nRoot-Is-Purelib: false\nTag: cp312-cp312-linux_x86_64\n\n"))
    members.append((f"{info}/top_level.txt", f"{name}\n".encode()))
    record = "".join(record_line(n, d) for n, d in members) + f"{info}/RECORD,,\n"
    members.append((f"{info}/RECORD", record.encode()))
    wheels.append((f"{name}-{version}-cp312-cp312-linux_x86_64.whl", members))

for side, date in (("a", (2024, 3, 1, 10, 0, 0)), ("b", (2024, 3, 2, 16, 30, 0))):
    os.makedirs(os.path.join(out, side), exist_ok=True)
    for filename, members in wheels:
        with zipfile.ZipFile(os.path.join(out, side, filename), "w", zipfile.ZIP_DEFLATED) as zf:
            for member, data in members:
                zf.writestr(zipfile.ZipInfo(member, date), data, compress_type=zipfile.ZIP_DEFLATED)
print(out)
