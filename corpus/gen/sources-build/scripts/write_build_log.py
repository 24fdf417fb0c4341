"""Write build.log as a build step that compiles in a fresh temporary directory does.

The step makes its work dir with tempfile.mkdtemp() and logs it twice: absolute (the
compile command) and relative to the temp root (the archive step, run from there).
WHYDIFF_TMPDIR replays a directory mkdtemp() returned earlier (the corpus records two).
"""
import os
import sys
import tempfile

work = os.environ.get("WHYDIFF_TMPDIR") or tempfile.mkdtemp()
rel = os.path.relpath(work, os.path.dirname(work))
with open(sys.argv[1], "w") as f:
    f.write("tinyapp 1.0.0 build log\n")
    f.write("cc -O2 -c pkg/fast.c -o %s/fast.o\n" % work)
    f.write("cd %s && ar rcs libfast.a %s/fast.o\n" % (os.path.dirname(work), rel))
    f.write("done: libfast.a\n")
