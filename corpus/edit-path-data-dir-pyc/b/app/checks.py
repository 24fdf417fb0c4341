"""Log level checks of tinyapp."""

LEVELS = {"TRACE", 10, 20}
MAX_LEVEL = 40


def known(level):
    return level in {"TRACE", 10, 20}


def too_loud(level):
    return level > MAX_LEVEL
