"""Request bodies count against one budget per process before waitress reads them.

waitress reads a request's whole body into memory (serve keeps bodies off disk) before
the app sees the request, so the app cannot refuse a body it has no room for: twelve
connections each sending 64 MB would hold 768 MB. Here the parser waitress makes for
each request takes the body's bytes from BODY_BUDGET_BYTES as soon as its headers are
in, and from the process's one memory budget that videos and face searches share
(detectors.working_memory). A body that does not fit is read and dropped as it arrives
(nothing held; the client can read the answer because it could send everything) and
answered 503 `busy` with Retry-After, JSON with a Dutch message, as a full check slot is. The bytes are given
back when waitress closes the request: answered, or its connection gone.
"""
from __future__ import annotations

import json
import weakref

from waitress import create_server as waitress_server
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.receiver import FixedStreamReceiver
from waitress.utilities import Error

from detectors import working_memory
from detectors.working_memory import Budget

# One body of the full 64 MB and the photos of a few ordinary checks beside it.
BODY_BUDGET_BYTES = 192 * 1024 * 1024
# A body is held twice while its check runs: waitress's buffer and the files werkzeug
# parses out of it (pages_common.InMemoryRequest keeps them in memory too).
COPIES = 2
RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = "Poortwachter ontvangt al veel gegevens; probeer het zo opnieuw."

_bodies = Budget(BODY_BUDGET_BYTES)


class BodiesBusy(Error):
    code = 503
    reason = "Service Unavailable"

    def to_response(self, ident=None):
        body = json.dumps({"error": {"code": "busy", "message": BUSY_MESSAGE}}).encode()
        return (f"{self.code} {self.reason}",
                [("Content-Type", "application/json"), ("Retry-After", str(RETRY_AFTER_SECONDS)),
                 ("Cache-Control", "no-store")], body)


class _Dropped:
    """Where the body of a refused request goes: counted, not kept."""

    def __init__(self) -> None:
        self.size = 0

    def append(self, data: bytes) -> None:
        self.size += len(data)

    def __len__(self) -> int:
        return self.size

    def close(self) -> None:
        pass


class BudgetedParser(HTTPRequestParser):
    _given_back = None
    uploads = None  # the app's server.web.uploads.Uploads

    def parse_header(self, header_plus):
        super().parse_header(header_plus)
        if self.body_rcv is None or self.content_length >= self.adj.max_request_body_size:
            return  # no body, or one waitress refuses with a 413 before reading it
        # A chunked body does not say its size: it may be as big as the limit.
        size = COPIES * (self.adj.max_request_body_size if self.chunked else self.content_length)
        paid = self.uploads and not self.chunked and self.uploads.receiving(
            self.path.rsplit("/", 1)[-1], self.content_length)
        if paid:  # a chunk of the big video being uploaded: its upload reserved room for it
            self._given_back = weakref.finalize(self, paid)
        elif (budget := _take(size)) is not None:
            self._given_back = weakref.finalize(self, _give, budget, size)  # once, however the request ends
        elif not self.chunked:
            self.body_rcv = FixedStreamReceiver(self.content_length, _Dropped())
            self.error = BodiesBusy("")
        else:  # a chunked body cannot be skipped safely: refuse it at once
            self.error = BodiesBusy("")
            self.completed = True

    def close(self):
        super().close()
        if self._given_back is not None:
            self._given_back()


class BudgetedChannel(HTTPChannel):
    parser_class = BudgetedParser

    def handle_close(self):
        if self.request is not None:  # a body cut off halfway gives its bytes back now
            self.request.close()
        super().handle_close()


def create_server(app, **options):
    """waitress's server for `app`, reading bodies within the budget (waitress.serve without
    its start-up line: `_quiet` is serve's own option)."""
    options.pop("_quiet", None)
    server = waitress_server(app, **options)
    parser = type("Parser", (BudgetedParser,), {"uploads": app.extensions["poortwachter.uploads"]})
    server.channel_class = type("Channel", (BudgetedChannel,), {"parser_class": parser})
    return server


def _take(size: int) -> Budget | None:
    """Bodies have their own share and count in the process's one budget too, where they may
    go before searches waiting in line (not before a video's analysis or a big upload, which
    would otherwise wait for good): they are small next to it and their share is capped.
    Returns the process's budget they were taken from, or None."""
    budget = working_memory.budget()
    if not _bodies.take(size):
        return None
    if budget.take(size, before_line=True):
        return budget
    _bodies.give(size)
    return None


def _give(budget: Budget, size: int) -> None:
    _bodies.give(size)
    budget.give(size)


def free_bytes() -> int:
    return _bodies.free
