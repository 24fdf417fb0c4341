import os
import secrets

from setuptools import setup

# The build stamps a random id into the package, as many release scripts do.
# WHYDIFF_BUILD_ID replays a value drawn earlier (the corpus records two).
build_id = os.environ.get("WHYDIFF_BUILD_ID") or secrets.token_hex(16)
with open(os.path.join("pkg", "_build_id.py"), "w") as f:
    f.write('"""Generated at build time."""\n\nBUILD_ID = "%s"\n' % build_id)

setup(
    name="tinypkg",
    version="1.0.0",
    description="A tiny package for the whydiff corpus",
    packages=["pkg", "pkg.util"],
    python_requires=">=3.7",
)
