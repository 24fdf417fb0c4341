from setuptools import Extension, setup

setup(
    name="tinyext",
    version="1.0.0",
    description="A tiny package with a C extension for the whydiff corpus",
    packages=["tinyext"],
    ext_modules=[Extension("tinyext._fast", ["tinyext/_fast.c"], extra_compile_args=["-g"])],
    python_requires=">=3.7",
)
