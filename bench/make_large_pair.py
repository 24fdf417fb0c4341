"""Writes DIR/a/large.zip and DIR/b/large.zip: 4,000 members of text and incompressible data
(~60 MB), the right side with other entry times and 20 edited members. For `make bench`."""
import os
import random
import sys
import zipfile

out = sys.argv[1]
rng = random.Random(42)
members = []
for i in range(4000):
    if i % 4 == 0:
        data = rng.randbytes(30_000)
    else:
        lines = [f"line {j} of module {i}: value = {rng.randint(0, 10**6)}\n" for j in range(300)]
        data = "".join(lines).encode()
    members.append((f"pkg/sub{i % 40}/module_{i}.py", data))

for side, date in (("a", (2020, 1, 1, 0, 0, 0)), ("b", (2024, 6, 1, 12, 0, 0))):
    os.makedirs(os.path.join(out, side), exist_ok=True)
    with zipfile.ZipFile(os.path.join(out, side, "large.zip"), "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(members):
            if side == "b" and i % 200 == 1:
                data = data.replace(b"value", b"VALUE", 1)
            zf.writestr(zipfile.ZipInfo(name, date), data, compress_type=zipfile.ZIP_DEFLATED)
print(out)
