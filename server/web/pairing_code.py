"""The pairing code on the self-check page: a teacher pairs the extension without a terminal.

Only the code's hash is in the registry, so this process remembers the code it
made last (in memory, never on disk) to show it again until it expires or is
used; then the page makes a new one. `serve` hands its printed code over.

A code gives a token that reads the consent list, so it is shown only to whom
may open the pages (see may_see_pairing_code).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app

from server.web.context import registry
from server.web.page_access import has_page_access
from server.web.pairing import CODE_MINUTES, code_is_current, new_code

KEY = "poortwachter.pairing_code"


@dataclass(frozen=True)
class ShownCode:
    code: str
    expires: dt.datetime  # local time

    @property
    def until(self) -> str:
        return f"{self.expires:%H:%M}"


def remember(app, code: str) -> None:
    """Keep a code made elsewhere (serve's printed one) to show on the page."""
    app.extensions[KEY] = ShownCode(code, dt.datetime.now() + dt.timedelta(minutes=CODE_MINUTES))


def renew_code() -> ShownCode:
    remember(current_app, new_code(registry()))
    return current_app.extensions[KEY]


def current_code() -> ShownCode | None:
    """The code to show now, a new one if the last expired or was used; None for who may not see it."""
    if not may_see_pairing_code():
        return None
    shown = current_app.extensions.get(KEY)
    if shown is None or not code_is_current(registry(), shown.code):
        shown = renew_code()
    return shown


def may_see_pairing_code() -> bool:
    """Whoever opened the link `serve` printed (the teacher at this computer); anyone else
    on this computer can reach 127.0.0.1 too, but gets the page's token form instead."""
    return has_page_access()
