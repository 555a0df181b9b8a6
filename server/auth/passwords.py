"""Password hashing (Argon2id, memory-hard) and the rules a new password must meet."""
from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash
from zxcvbn import zxcvbn

MIN_LENGTH = 10
# zxcvbn's scale: 0-2 fall to an offline attack within days; 3 needs about 10^8 guesses
# or more. Its list of 30,000 leaked passwords holds 'wachtwoord', 'welkom' and 'geheim'.
MIN_SCORE = 3
# Words a Dutch school's password is built from that the leaked lists do not know.
LOCAL_WORDS = ("poortwachter", "school", "basisschool", "leerling", "leerlingen", "docent", "juf",
               "meester", "toestemming", "beheer", "privacy", "welkom", "wachtwoord", "geheim")

# Argon2id with the library's defaults (RFC 9106 "low memory": 64 MiB, 3 passes).
_hasher = PasswordHasher()


class PasswordError(ValueError):
    """A password that cannot be used; the message is Dutch."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(hashed: str, password: str) -> bool:
    """True if `password` matches; hashes from before Argon2 (werkzeug's) still verify."""
    if not hashed.startswith("$argon2"):
        return check_password_hash(hashed, password)
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    """After a successful sign-in: should the hash be made again with today's parameters?"""
    return not hashed.startswith("$argon2") or _hasher.check_needs_rehash(hashed)


def check_new_password(password: str, repeat: str, context: Iterable[str] = ()) -> None:
    """Raise PasswordError unless `password` may be chosen.

    `context` are words an attacker would try first for this user (the school's
    name, the user's own name).
    """
    if password != repeat:
        raise PasswordError("De twee wachtwoorden zijn niet gelijk.")
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens.")
    words = list(LOCAL_WORDS)
    for phrase in (c.lower() for c in context if c):  # "De Regenboog": "de", "regenboog", "deregenboog"
        words += [*phrase.split(), phrase.replace(" ", "")]
    if zxcvbn(password[:100], user_inputs=words)["score"] < MIN_SCORE:
        raise PasswordError("Dit wachtwoord is te makkelijk te raden (het staat in een lijst van veelgebruikte "
                            "wachtwoorden of lijkt erop). Kies een langere zin van een paar losse woorden.")
