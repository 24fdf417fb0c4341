"""tinyext: a tiny package with a C extension."""

from ._fast import answer

__all__ = ["answer"]
