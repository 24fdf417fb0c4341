"""tinyapp: a tiny application for the whydiff corpus."""

from .settings import DEBUG, TRACE

__version__ = "1.0.0"
