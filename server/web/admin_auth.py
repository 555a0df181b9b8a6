"""The privacy officer's password: set at the first visit, kept as a salted hash.

The hash lives in a file in the data directory (0600), next to the session
key. A session belongs to the password it was opened with: a new password
ends every older session.
"""
from __future__ import annotations

import functools
import hashlib
import os
import time
from pathlib import Path

from flask import current_app, redirect, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_FILE = "admin_password"
MIN_LENGTH = 10
SESSION_HOURS = 8
FAILED_LOGIN_DELAY = 1.0  # seconds; slows guessing down without locking the officer out


class PasswordError(ValueError):
    """A password that cannot be used; the message is Dutch."""


def _path() -> Path:
    return Path(current_app.config["DATA_DIR"]) / PASSWORD_FILE


def stored_hash() -> str | None:
    try:
        return _path().read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def set_password(password: str, repeat: str, *, first: bool) -> None:
    """Store a new password's hash; with `first`, only while none is set yet."""
    if password != repeat:
        raise PasswordError("De twee wachtwoorden zijn niet gelijk.")
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"Kies een wachtwoord van minstens {MIN_LENGTH} tekens.")
    hashed = generate_password_hash(password)
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if first else os.O_TRUNC)
    try:
        descriptor = os.open(_path(), flags, 0o600)
    except FileExistsError:  # someone set it a moment ago: theirs stands
        raise PasswordError("Er is al een beheerwachtwoord ingesteld; log daarmee in.") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(hashed)


def log_in(password: str) -> bool:
    hashed = stored_hash()
    if hashed is None or not check_password_hash(hashed, password):
        time.sleep(FAILED_LOGIN_DELAY)
        return False
    session.clear()
    session["admin"] = _session_mark(hashed)
    session["admin_until"] = time.time() + SESSION_HOURS * 3600
    return True


def log_out() -> None:
    session.clear()


def logged_in() -> bool:
    hashed = stored_hash()
    return (hashed is not None and session.get("admin") == _session_mark(hashed)
            and session.get("admin_until", 0) > time.time())


def _session_mark(hashed: str) -> str:
    # Not the hash itself: the session cookie is signed, not encrypted.
    return hashlib.sha256(hashed.encode()).hexdigest()[:16]


def admin_required(view):
    """Send a visitor to set the password (first start) or to log in."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if stored_hash() is None:
            return redirect(url_for("admin.setup"))
        if not logged_in():
            return redirect(url_for("admin.login"))
        return view(*args, **kwargs)

    return wrapper
