"""On the school server a video goes whole in one request: one big body per process at a time.

A school server has several gate processes (and perhaps several hosts): the chunks of an
upload would reach different processes, so a video up to the school's limit comes in the
check request itself, and again with its blur plan for the safe copy. Such a body is
held in memory (pages_common.InMemoryRequest), never on disk: each process reads at
most one body above SMALL_BODY (or of unknown size: chunked) at a time and answers
another 503 `busy` with Retry-After before reading it.
"""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app, g, request

from detectors import working_memory
from server.gate.video import load_video_limits
from server.web.errors import ApiError

SMALL_BODY = 64 * 1024 * 1024  # the laptop's request limit: any process reads these side by side


def server_request_limit(data_dir: Path) -> int:
    """The school server's request limit: one video up to the school's limit, with photos beside it."""
    return load_video_limits(data_dir).max_bytes + SMALL_BODY


def whole_video_bytes() -> int:
    """Bytes of videos that may go whole in one check request (the rest of the request
    keeps room for photos and text); bigger ones need the chunked uploads of a laptop."""
    if current_app.config.get("SERVER_MODE"):
        return current_app.config["MAX_CONTENT_LENGTH"] - SMALL_BODY
    return current_app.config["MAX_CONTENT_LENGTH"] * 3 // 4


def size_memory_budget(app: Flask) -> None:
    """A school server's process holds its big body outside the memory budget
    (detectors.working_memory), which keeps room beside it for the video's check (a 500 MB
    4K video with two searches) and for its safe copy: the budget of a laptop + twice the limit."""
    if app.config.get("SERVER_MODE"):
        limit = load_video_limits(Path(app.config["DATA_DIR"])).max_bytes
        working_memory.configure(working_memory.BUDGET_BYTES + 2 * limit)


def init_app(app: Flask) -> None:
    """After security.init_app: only a request that passed the Host and token checks takes the place."""
    if app.config.get("SERVER_MODE"):
        app.extensions["poortwachter.big_body"] = threading.Lock()
        app.before_request(admit_big_body)
        app.teardown_request(release_big_body)


def may_be_big(content_length: int | None, transfer_encoding: str) -> bool:
    """A chunked body does not say its size: it may be as big as the limit (gunicorn reads
    those; Caddy passes them on), so it takes the big-body place too."""
    if "chunked" in transfer_encoding.lower():
        return True
    return (content_length or 0) > SMALL_BODY


def admit_big_body() -> None:
    if not may_be_big(request.content_length, request.headers.get("Transfer-Encoding", "")):
        return
    if not current_app.extensions["poortwachter.big_body"].acquire(blocking=False):
        raise ApiError(503, "busy", "Poortwachter ontvangt al een grote video; probeer het zo opnieuw.",
                       retry_after=10)
    g.big_body = True


def release_big_body(_error: BaseException | None = None) -> None:
    if g.pop("big_body", False):
        current_app.extensions["poortwachter.big_body"].release()
