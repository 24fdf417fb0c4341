"""Writes DIR/a/ and DIR/b/: two trees of 4,000 files (1 GB each by default; `MB` sets the size
of one tree) in 40 directories, text and incompressible data alike, identical but for five
files with a real edit — the case where whydiff should cost what reading and hashing the trees
costs. Deterministic (fixed seed). For `make bench`: python3 make_tree_pair.py DIR [MB]."""
import os
import random
import sys

out = sys.argv[1]
megabytes = int(sys.argv[2]) if len(sys.argv) > 2 else 1024
FILES = 4000
size = megabytes * 1024 * 1024 // FILES
rng = random.Random(7)
edited = set(rng.sample(range(FILES), 5))
line = b"".join(f"line {j}: value = {rng.randint(0, 10**9)}\n".encode() for j in range(64))
for i in range(FILES):
    if i % 2:
        data = rng.randbytes(size)
    else:
        data = (line * (size // len(line) + 1))[:size]
    name = os.path.join(f"dir{i % 40:02d}", f"file{i:04d}.{'bin' if i % 2 else 'txt'}")
    for side in ("a", "b"):
        path = os.path.join(out, side, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = data
        if side == "b" and i in edited:
            body = data[:100] + b"EDITED" + data[106:]
        with open(path, "wb") as f:
            f.write(body)
print(out)
