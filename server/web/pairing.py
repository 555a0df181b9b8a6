"""Pairing: a short code shown to the user becomes a token for one extension.

Only hashes are stored. A code lives ten minutes and five wrong tries; the
token goes to the extension's background worker and never to a web page.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from server.registry import Registry

CODE_MINUTES = 10
MAX_ATTEMPTS = 5


class PairingError(ValueError):
    """A code that does not pair; the message is Dutch."""


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_code(registry: Registry) -> str:
    """A fresh 6-digit code; any older code stops working."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=CODE_MINUTES)
    registry.set_pairing_code(_hash(code), expires.isoformat())
    return code


def code_is_current(registry: Registry, code: str) -> bool:
    """Whether this code is still the one that pairs: not expired, not used, not replaced."""
    row = registry.pairing_code()
    return (row is not None and row["attempts"] < MAX_ATTEMPTS
            and dt.datetime.fromisoformat(row["expires_at"]) > dt.datetime.now(dt.timezone.utc)
            and hmac.compare_digest(row["code_hash"], _hash(code)))


def redeem(registry: Registry, code: str, name: str) -> str:
    """Exchange a valid code for a new token; the code is then used up."""
    row = registry.pairing_code()
    if row is None or dt.datetime.fromisoformat(row["expires_at"]) < dt.datetime.now(dt.timezone.utc):
        raise PairingError("Deze koppelcode is verlopen of al gebruikt. Op de zelfcontrolepagina staat een nieuwe (of klik daar op Nieuwe code).")
    if row["attempts"] >= MAX_ATTEMPTS:
        registry.clear_pairing_code()
        raise PairingError("Te vaak een verkeerde code. Klik op de zelfcontrolepagina op Nieuwe code en typ die.")
    if not hmac.compare_digest(row["code_hash"], _hash(code.replace(" ", "").replace("-", ""))):
        registry.count_pairing_attempt()
        raise PairingError("Deze koppelcode klopt niet.")
    registry.clear_pairing_code()
    token = secrets.token_urlsafe(32)
    registry.add_token(_hash(token), name[:100] or "extensie", dt.datetime.now().isoformat())
    return token


def paired_name(registry: Registry, token: str) -> str | None:
    """The name of the extension this token was given to, or None if it is no valid token."""
    return registry.token_name(_hash(token)) if token else None
