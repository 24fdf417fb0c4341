"""A tiny dependency."""
__version__ = "1.1.0"


def greet(name):
    return "Hello, " + name
