"""tinypkg: a tiny package for the whydiff corpus."""

from .core import answer, greet

__all__ = ["answer", "greet"]
__version__ = "1.0.0"
