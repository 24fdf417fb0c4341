import os

from setuptools import setup

# The corpus builds two releases of this dependency; TINYDEP_VERSION picks one.
setup(
    name="tinydep",
    version=os.environ.get("TINYDEP_VERSION", "1.0.0"),
    description="A tiny dependency for the whydiff corpus",
    packages=["tinydep"],
)
