"""Core functions of tinypkg."""

from .util.strings import shout


def answer():
    return 41


def greet(name):
    return shout("hello, " + name)
