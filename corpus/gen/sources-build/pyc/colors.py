"""Colour helpers (the hash-order probe of the whydiff corpus)."""

PRIMARY = {"red", "green", "blue"}


def is_known(name):
    if name in {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}:
        return True
    return name in PRIMARY


def painter(red, green, blue, alpha):
    def paint():
        return (red, green, blue, alpha)
    return paint
