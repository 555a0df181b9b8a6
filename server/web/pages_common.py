"""What the HTML pages need around them: uploads kept in memory, a session key, CSRF, headers.

The API under /api uses tokens and is exempt from CSRF; every page form
carries a token (Flask-WTF's CSRFProtect). Uploads never touch the disk:
werkzeug would spool files over 500 KB to a temporary file, so the request
class keeps every uploaded file in a BytesIO (MAX_CONTENT_LENGTH bounds it).
"""
from __future__ import annotations

import io
import os
import secrets
from pathlib import Path
from typing import IO

from flask import Flask, Request, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

csrf = CSRFProtect()
SECRET_FILE = "secret_key"
# connect-src 'self': the page's own script sends a video too big for one request to
# /video-upload in chunks (static/selfcheck.js); without it the browser refuses the fetch.
PAGE_CSP = ("default-src 'none'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


class InMemoryRequest(Request):
    """A request whose uploaded files stay in memory, whatever their size."""

    def make_form_data_parser(self):
        # werkzeug's parser drops a body it cannot read whole and carries on with an
        # empty form: a check would then see no photo and say "allow".
        parser = super().make_form_data_parser()
        parser.silent = False
        return parser

    def _load_form_data(self) -> None:
        try:
            super()._load_form_data()
        except ValueError:
            from server.web.errors import ApiError

            raise ApiError(400, "bad_body", "Het verzoek kwam niet heel aan (een onvolledig formulier of "
                           "onvolledige foto's); er is niets gecontroleerd. Probeer het opnieuw.") from None

    def _get_file_stream(self, total_content_length: int | None, content_type: str | None,
                         filename: str | None = None, content_length: int | None = None) -> IO[bytes]:
        return io.BytesIO()


def secret_key(data_dir: Path) -> str:
    """The session key: made once, kept in the data directory, readable by the user only."""
    path = data_dir / SECRET_FILE
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    # Written whole under a private name, then linked into place: the school server's gate
    # processes start together, and one must never read the file half-written (an empty key).
    draft = path.with_name(f"{SECRET_FILE}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    try:
        os.link(draft, path)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    finally:
        draft.unlink()
    return key


def init_app(app: Flask) -> None:
    """Wire the self-check and admin pages into the app."""
    from server.auth.sessions import init_sessions
    from server.web import admin, admin_enrol, admin_import, api, page_access, pages

    app.request_class = InMemoryRequest
    if not app.config.get("SECRET_KEY"):  # Flask's default is None; a test may bring its own
        app.config["SECRET_KEY"] = secret_key(Path(app.config["DATA_DIR"]))
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)  # a page left open over lunch still works
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict")
    init_sessions(app)  # the cookie holds an id; flash messages with pupils' names stay here
    if not app.config.get("SERVER_MODE"):  # the school server's pages are for signed-in accounts instead
        page_access.init_app(app)
    csrf.init_app(app)
    csrf.exempt(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_import.bp)
    app.register_blueprint(admin_enrol.bp)
    app.after_request(page_headers)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = ("Het formulier is verlopen of kwam niet van deze pagina. "
                   "Laad de pagina opnieuw en probeer het nog eens.")
        return render_template("error.html", message=message), 400


def page_headers(response):
    """Nothing is cached (verdicts name pupils); pages may not be framed or read by other origins' scripts."""
    response.headers["Cache-Control"] = "no-store"
    if not request.path.startswith("/api/"):
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
    return response
