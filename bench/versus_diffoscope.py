"""Times whydiff and diffoscope on every corpus pair, one after the other, and prints each pair's
times and the totals (for `make bench`). Without diffoscope on PATH it says how to install it.

    python3 -m venv /tmp/dsvenv && /tmp/dsvenv/bin/pip install diffoscope python-magic
    apt-get install libarchive13 libmagic1        # the Debian libraries it loads
    PATH=/tmp/dsvenv/bin:$PATH make bench
"""
import pathlib
import shutil
import subprocess
import sys
import time

whydiff = sys.argv[1]
diffoscope = shutil.which("diffoscope")
if diffoscope is None:
    print(__doc__.split("\n\n", 1)[1].rstrip())
    print("(diffoscope is not on PATH: the comparison with it is skipped)")
    sys.exit(0)


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - start


totals = {"all": [0.0, 0.0], "real": [0.0, 0.0]}
for pair in sorted(pathlib.Path("corpus").iterdir()):
    if not (pair / "expected.json").is_file():
        continue
    a, b = str(pair / "a"), str(pair / "b")
    ours = timed([whydiff, "--format", "json", a, b])
    theirs = timed([diffoscope, "--no-progress", "--text", "/dev/null", a, b])
    print(f"{pair.name:<34} whydiff {ours:7.3f} s   diffoscope {theirs:7.2f} s   {theirs / ours:6.0f}x")
    kinds = ["all"] + (["real"] if pair.name.startswith(("real-", "rebuilt-")) else [])
    for kind in kinds:
        totals[kind][0] += ours
        totals[kind][1] += theirs
for kind, label in (("real", "real package pairs (real-*, rebuilt-*)"), ("all", "every corpus pair")):
    ours, theirs = totals[kind]
    print(f"total, {label}: whydiff {ours:.2f} s, diffoscope {theirs:.1f} s: {theirs / ours:.0f}x faster")
