"""The privacy officer's sign-in: an Argon2 hash in the data directory, a server-side session.

A session belongs to the password it was opened with: a new password ends
every older session. Signing out throws the stored session away. Failed tries
are throttled per client without holding a thread (server.auth.throttle).
"""
from __future__ import annotations

import functools
import hashlib
import time
from pathlib import Path

from flask import current_app, redirect, request, session, url_for

from server.auth import password_file
from server.auth.passwords import hash_password, needs_rehash, verify_password
from server.auth.sessions import SESSION_HOURS, renew_session
from server.auth.throttle import Throttle
from server.web.context import registry

ADMIN_KEYS = ("admin", "admin_until")


def _data_dir() -> Path:
    return Path(current_app.config["DATA_DIR"])


def stored_hash() -> str | None:
    return password_file.stored_hash(_data_dir())


def school_words() -> list[str]:
    """Words a guesser tries first here: the school's name."""
    from detectors.text import SchoolProfile

    try:
        return [SchoolProfile.from_toml(_data_dir() / "school.toml").name]
    except Exception:  # no or a broken school.toml: the generic lists still apply
        return []


def set_password(password: str, repeat: str, *, first: bool) -> None:
    password_file.set_password(_data_dir(), password, repeat, first=first, context=school_words())


def throttle() -> Throttle:
    return Throttle(registry())


def client_key() -> str:
    return f"admin:{request.remote_addr or '?'}"


def log_in(password: str) -> bool:
    """Check the password; on success start a fresh admin session. No sleeping: see throttle()."""
    hashed = stored_hash()
    if hashed is None or not verify_password(hashed, password):
        return False
    if needs_rehash(hashed):  # an older hash (werkzeug's pbkdf2/scrypt) becomes Argon2id
        hashed = hash_password(password)
        password_file.write_hash(_data_dir(), hashed)
    renew_session()
    session["admin"] = _session_mark(hashed)
    session["admin_until"] = time.time() + SESSION_HOURS * 3600
    return True


def log_out() -> None:
    for key in ADMIN_KEYS:
        session.pop(key, None)
    renew_session()  # the old session id, and any copy of the cookie, now opens nothing


def logged_in() -> bool:
    hashed = stored_hash()
    return (hashed is not None and session.get("admin") == _session_mark(hashed)
            and session.get("admin_until", 0) > time.time())


def _session_mark(hashed: str) -> str:
    return hashlib.sha256(hashed.encode()).hexdigest()[:16]


def admin_required(view):
    """Send a visitor to set the password (first start) or to log in."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_app.config.get("SERVER_MODE"):  # accounts.require_sign_in let only the officer through
            return view(*args, **kwargs)
        if stored_hash() is None:
            return redirect(url_for("admin.setup"))
        if not logged_in():
            return redirect(url_for("admin.login"))
        return view(*args, **kwargs)

    return wrapper
