from setuptools import setup

setup(
    name="tinypkg",
    version="1.0.0",
    description="A tiny package for the whydiff corpus",
    packages=["pkg", "pkg.util"],
    python_requires=">=3.7",
)
