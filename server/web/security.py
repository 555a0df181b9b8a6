"""Who may talk to the service: its own Host only, and the API with a paired token.

The Host check defeats DNS rebinding (a web page whose name points at
127.0.0.1 sends its own Host); the token keeps other pages and local users out.
"""
from __future__ import annotations

import threading
import time

from flask import Flask, current_app, g, request

from server.web import accounts
from server.web.context import registry
from server.web.errors import ApiError
from detectors.memory import release_free_memory
from detectors.working_memory import Busy
from server.web.pairing import paired

OPEN_API_PATHS = {"/api/v1/pair"}


def init_app(app: Flask) -> None:
    app.extensions["poortwachter.slots"] = threading.BoundedSemaphore(app.config["MAX_CONCURRENT_CHECKS"])
    app.before_request(mark_arrival)
    app.before_request(check_host)
    app.before_request(check_token)


def check_host() -> None:
    if request.host not in current_app.config["ALLOWED_HOSTS"]:
        raise ApiError(403, "bad_host", "Deze dienst antwoordt alleen op zijn eigen adres (127.0.0.1).")


def check_token() -> None:
    if not request.path.startswith("/api/") or request.path in OPEN_API_PATHS:
        return
    if request.method == "OPTIONS":
        # A preflight carries no token: admit only an extension origin that paired.
        origin, paired_origins = request.headers.get("Origin"), registry().token_origins()
        if origin is not None and origin not in paired_origins and "" not in paired_origins:
            raise ApiError(403, "not_paired", "Deze extensie is niet gekoppeld.")
        return
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if current_app.config.get("SERVER_MODE"):  # a teacher's token: the audit log names the teacher
        owner = accounts.token_owner(token, request.headers.get("Origin"))
        name, g.user = (owner.name, owner.user) if owner else (None, None)
    else:
        name = paired(registry(), token, request.headers.get("Origin"))
    if name is None:
        raise ApiError(401, "no_token", "Niet gekoppeld: koppel de extensie met de koppelcode.")
    g.paired_name = name


def mark_arrival() -> None:
    # serve gives every accepted connection its own thread (threads = connections), so a
    # request reaches the app as soon as its body is in: its wait is counted from here.
    g.arrived = time.monotonic()


class CheckSlot:
    """At most MAX_CONCURRENT_CHECKS checks at once; others wait, at most QUEUE_SECONDS
    since the request arrived, then get a 503 with Retry-After. A check whose memory did
    not come free in time (detectors.working_memory.Busy: a 4K video beside another) too."""

    def __enter__(self) -> None:
        slots = current_app.extensions["poortwachter.slots"]
        waited = time.monotonic() - g.get("arrived", time.monotonic())
        if not slots.acquire(timeout=max(0.0, current_app.config["QUEUE_SECONDS"] - waited)):
            raise ApiError(503, "busy", "Poortwachter is bezig met andere controles; probeer het zo opnieuw.",
                           retry_after=5)

    def __exit__(self, kind: type | None, *exc: object) -> None:
        current_app.extensions["poortwachter.slots"].release()
        release_free_memory()  # the photo's pixels are freed; hand the pages back
        if kind is not None and issubclass(kind, Busy):
            raise ApiError(503, "busy", "Poortwachter is bezig met andere controles; probeer het zo opnieuw.",
                           retry_after=10)
