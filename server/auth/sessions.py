"""Server-side sessions: the cookie holds a random id, the session itself stays in the server's memory.

Flask's default session is a signed cookie: whatever is in it (a flash message
with a pupil's name) travels to the browser, and a copied cookie stays valid
until it expires. Here the browser gets only an id; signing out throws the
stored session away, so a copied cookie opens nothing any more.
"""
from __future__ import annotations

import datetime as dt

from cachelib import SimpleCache
from flask import Flask, current_app, session
from flask_session import Session

SESSION_HOURS = 8
MAX_SESSIONS = 1000  # the oldest go first; bounds memory whatever visitors do


def init_sessions(app: Flask) -> None:
    """Keep sessions in memory unless the app was configured with another Flask-Session store."""
    lifetime = dt.timedelta(hours=SESSION_HOURS)
    app.config.setdefault("SESSION_TYPE", "cachelib")
    app.config.setdefault("SESSION_CACHELIB",
                          SimpleCache(threshold=MAX_SESSIONS, default_timeout=int(lifetime.total_seconds())))
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", lifetime)
    Session(app)


def renew_session() -> None:
    """A new session id for the same contents: call on every sign-in and sign-out.

    The old id stops working, so an id planted or copied before is worth nothing after.
    """
    current_app.session_interface.regenerate(session)
