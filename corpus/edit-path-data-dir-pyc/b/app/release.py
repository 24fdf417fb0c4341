"""Release facts of tinyapp, edited by hand at each release."""

RELEASE_DATE = "2024-01-01"
EXPIRES = 1735689600


def is_expired(now):
    return now >= EXPIRES
