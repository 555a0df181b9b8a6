"""Videos in a check's form, and safe copies of videos sent back in chunks.

A video fits in one request up to MAX_CONTENT_LENGTH (64 MB); bigger ones come
in chunks first (server.web.uploads) and the check names the upload.
Uploads stay in memory (pages_common.InMemoryRequest).
"""
from __future__ import annotations

from flask import Response, current_app, request

CHUNK = 1024 * 1024


def uploaded_videos(field: str = "videos[]", uploads: str = "uploads[]") -> list[tuple[str, bytes]]:
    """(name, bytes) of each video of the check: sent in the form, or uploaded in chunks before."""
    files = [f for f in request.files.getlist(field) if f.filename or f.content_length]
    videos = [(f.filename or f"video {i + 1}", f.stream.getvalue() if hasattr(f.stream, "getvalue") else f.read())
              for i, f in enumerate(files)]
    return videos + [current_app.extensions["poortwachter.uploads"].take(upload_id)
                     for upload_id in request.form.getlist(uploads)]


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
