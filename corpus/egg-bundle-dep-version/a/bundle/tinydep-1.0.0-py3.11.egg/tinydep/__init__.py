"""A tiny dependency."""
__version__ = "1.0.0"


def greet(name):
    return "hello, " + name
