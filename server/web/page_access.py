"""Who may open the pages at all: only whoever has the link `serve` printed, as in Jupyter.

The self-check page names children, and anyone on this computer can reach
127.0.0.1. `serve` prints http://127.0.0.1:PORT/?token=…; opening it puts a mark
in the (server-side) session and drops the token from the address. Without the
mark every page asks for the token. The token is new at every start and lives in
the service's memory only.
"""
from __future__ import annotations

import hmac
import secrets

from flask import Flask, current_app, redirect, render_template, request, session

from server.auth.sessions import renew_session

OPEN_PREFIXES = ("/api/", "/static/")


def init_app(app: Flask) -> None:
    if not app.config.get("PAGE_TOKEN"):
        app.config["PAGE_TOKEN"] = secrets.token_urlsafe(24)
    app.before_request(require_page_token)


def page_link(app: Flask) -> str:
    return f"http://127.0.0.1:{app.config['PORT']}/?token={app.config['PAGE_TOKEN']}"


def has_page_access() -> bool:
    return bool(session.get("page_access"))


def _token_matches(given: str) -> bool:
    return hmac.compare_digest(given.encode(), current_app.config["PAGE_TOKEN"].encode())


def require_page_token():
    if request.path.startswith(OPEN_PREFIXES):
        return None
    given = request.args.get("token") or (request.form.get("page_token") if request.method == "POST" else None)
    if given is not None:
        if not _token_matches(given.strip()):
            return render_template("access.html", error="Deze toegangscode klopt niet."), 403
        renew_session()
        session["page_access"] = True
        return redirect(request.path)  # the token leaves the address bar and the history
    if has_page_access():
        return None
    return render_template("access.html"), 401
