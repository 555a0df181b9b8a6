"""Pairing: a short code shown to the user becomes a token for one extension.

Only hashes are stored. A code lives ten minutes and five wrong tries; the
token goes to the extension's background worker and never to a web page.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from server.gate import audit_log
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


def redeem(registry: Registry, code: str, name: str, origin: str = "") -> str:
    """Exchange a valid code for a new token bound to `origin`; the code is then used up.

    Every try is counted before the code is compared, in one statement, so
    concurrent guesses cannot share a count.
    """
    now = dt.datetime.now(dt.timezone.utc)
    row = registry.claim_pairing_try(MAX_ATTEMPTS, now.isoformat())
    if row is None:
        spent = registry.pairing_code()
        registry.clear_pairing_code()  # expired or out of tries: unusable for good
        if spent is not None and spent["attempts"] >= MAX_ATTEMPTS:
            raise PairingError("Te vaak een verkeerde code. Klik op de zelfcontrolepagina op Nieuwe code en typ die.")
        raise PairingError("Deze koppelcode is verlopen of al gebruikt. Op de zelfcontrolepagina staat een "
                           "nieuwe (of klik daar op Nieuwe code).")
    given = _hash(code.replace(" ", "").replace("-", ""))
    if not hmac.compare_digest(row["code_hash"], given) or not registry.use_pairing_code(given):
        raise PairingError("Deze koppelcode klopt niet.")
    token = secrets.token_urlsafe(32)
    registry.add_token(_hash(token), name[:100] or "extensie", dt.datetime.now().isoformat(), origin[:200])
    return token


def paired(registry: Registry, token: str, origin: str | None) -> str | None:
    """The name of the extension this token was given to, if it is a valid token used from its own origin.

    A request without an Origin header (the command line, a script) may use a
    token; a browser always sends one, and then it must be the origin that paired.
    """
    if not token:
        return None
    row = registry.token(_hash(token))
    if row is None or (origin is not None and row["origin"] and origin != row["origin"]):
        return None
    today = dt.date.today().isoformat()
    if row["last_seen"] != today:
        registry.token_seen(_hash(token), today)
    return row["name"]


def unpair(registry: Registry, token_id: str, actor: str | None = None) -> str | None:
    """Revoke the token with this id (see Registry.tokens) and log it; the extension's name, None if unknown."""
    name = next((t["name"] for t in registry.tokens() if t["id"] == token_id), None)
    if name is None or not registry.revoke_token(token_id):
        return None
    audit_log.record(registry, "unpair", 1, actor=actor, name=name)
    return name
