"""Video uploads and safe-copy downloads: bigger than photos, so bounded apart.

A request may bring up to the school's video limit (policy.toml [video],
500 MB by default) instead of the photo limit (MAX_CONTENT_LENGTH), but only one
such big upload is read at a time: a burst of big uploads gets 503s, not the
service's memory. Uploads stay in memory (pages_common.InMemoryRequest).
"""
from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, Response, current_app, g, request

from server.gate.video import load_video_limits
from server.web.errors import ApiError

CHUNK = 1024 * 1024
# The routes that take videos: the API's check and the self-check page's form.
VIDEO_ENDPOINTS = {"api.create_check", "pages.run_check"}


def init_app(app: Flask) -> None:
    """Register before the pages' CSRF check, which reads the form (and so the upload)."""
    app.extensions["poortwachter.big_upload"] = threading.BoundedSemaphore(1)
    app.before_request(allow_video_upload)
    app.teardown_request(_release)


def allow_video_upload() -> None:
    """Let a check bring a video, one big upload at a time (before the form is read)."""
    if request.endpoint not in VIDEO_ENDPOINTS:
        return
    photo_limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length <= photo_limit:
        return
    if not current_app.extensions["poortwachter.big_upload"].acquire(blocking=False):
        raise ApiError(503, "busy", "Poortwachter leest al een grote video; probeer het zo opnieuw.",
                       retry_after=10)
    g.big_upload = True
    limits = load_video_limits(Path(current_app.config["DATA_DIR"]))
    request.max_content_length = limits.max_bytes + photo_limit


def _release(_error: BaseException | None = None) -> None:
    if g.pop("big_upload", False):
        current_app.extensions["poortwachter.big_upload"].release()


def uploaded_videos(field: str) -> list[tuple[str, bytes]]:
    """(name, bytes) of each uploaded video, without copying the upload's buffer."""
    files = [f for f in request.files.getlist(field) if f.filename or f.content_length]
    return [(f.filename or f"video {i + 1}", f.stream.getvalue() if hasattr(f.stream, "getvalue") else f.read())
            for i, f in enumerate(files)]


def stream_mp4(data: bytes, name: str) -> Response:
    """Send an MP4 made in memory in chunks; nothing is cached or kept."""
    view = memoryview(data)

    def chunks():
        for start in range(0, len(view), CHUNK):
            yield bytes(view[start:start + CHUNK])

    response = Response(chunks(), mimetype="video/mp4")
    response.headers["Content-Length"] = str(len(data))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
