"""Videos in a check's form, and safe copies of videos sent back in chunks.

On a laptop a video fits in one request up to MAX_CONTENT_LENGTH (64 MB); bigger
ones come in chunks first (server.web.uploads) and the check names the upload.
On the school server a video comes whole up to the school's limit (big_bodies).
Uploads stay in memory (pages_common.InMemoryRequest).
"""
from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, g, request

from detectors.video import VideoError
from detectors.video_redact import Path as VideoPath
from detectors.video_redact import hold_copy_memory, safe_video
from server.gate.video import load_video_limits
from server.web.big_bodies import whole_video_bytes
from server.web.errors import ApiError
from server.web.uploads import CHUNK as UPLOAD_CHUNK

CHUNK = 1024 * 1024


def uploaded_videos(field: str = "videos[]", uploads: str = "uploads[]") -> list[tuple[str, bytes]]:
    """(name, bytes) of each video of the check: sent in the form, or uploaded in chunks before."""
    files = [f for f in request.files.getlist(field) if f.filename or f.content_length]
    videos = [(f.filename or f"video {i + 1}", f.stream.getvalue() if hasattr(f.stream, "getvalue") else f.read())
              for i, f in enumerate(files)]
    return videos + chunked_videos(uploads)


def chunked_videos(field: str = "uploads[]") -> list[tuple[str, bytes]]:
    """(name, bytes) of each video the form names by its upload id (each used once). Their
    memory stays taken until release_taken(), at the latest when the request ends."""
    uploads = current_app.extensions["poortwachter.uploads"]
    taken = g.setdefault("taken_uploads", [])
    videos = []
    for upload_id in request.form.getlist(field):
        videos.append(uploads.take(upload_id))
        taken.append(upload_id)
    return videos


def release_taken(*_exc: object) -> None:
    """The request's check has ended: the uploads it took give their place and memory back."""
    uploads = current_app.extensions["poortwachter.uploads"]
    for upload_id in g.pop("taken_uploads", []):
        uploads.release(upload_id)


def start_upload(body: dict) -> tuple[dict, int]:
    """POST of {size, name}: a place for a video too big for one request (API and page)."""
    size = body.get("size")
    if not isinstance(size, int):
        raise ApiError(400, "bad_upload", "Geef de grootte van de video op (size, in bytes).")
    limits = load_video_limits(Path(current_app.config["DATA_DIR"]))
    name = str(body.get("name") or "video")[:200]
    if current_app.config.get("SERVER_MODE") and size <= limits.max_bytes:
        # Chunks would reach different gate processes: a video comes whole (big_bodies), and
        # a client only uploads in chunks what does not fit one request: several videos together.
        raise ApiError(413, "too_large", f"{name}: de video's van deze controle zijn samen groter dan "
                                         f"{round(whole_video_bytes() / 2**20):g} MB; controleer ze apart.")
    upload_id = current_app.extensions["poortwachter.uploads"].start(size, name, limits.max_bytes)
    return {"id": upload_id, "chunk": UPLOAD_CHUNK}, 201


def request_limits() -> dict:
    """What a client may send: videos up to `whole_video_bytes` together go whole in the check
    request; a single video up to `video_bytes` (the school's limit)."""
    return {"whole_video_bytes": whole_video_bytes(),
            "video_bytes": load_video_limits(Path(current_app.config["DATA_DIR"])).max_bytes}


def put_chunk(upload_id: str) -> dict:
    """PUT of raw bytes at ?offset=N: one chunk of an upload, in order."""
    offset = request.args.get("offset", type=int)
    if offset is None:
        raise ApiError(400, "bad_offset", "Geef de plaats van dit deel op (offset).")
    return {"received": current_app.extensions["poortwachter.uploads"].put(upload_id, offset, request.get_data())}


def safe_video_response(data: bytes, blur: list[VideoPath], name: str, filename: str) -> Response:
    """Make a video's safe copy within the memory budget and send it (called inside a CheckSlot);
    the copy's memory is given back once it is sent. A copy too big for it is a 413."""
    try:
        give_back = hold_copy_memory(data, name)
    except VideoError as error:
        raise ApiError(413, "too_large", str(error)) from None
    try:
        response = stream_mp4(safe_video(data, blur, name), filename)
    except BaseException:
        give_back()
        raise
    response.call_on_close(give_back)
    return response


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
