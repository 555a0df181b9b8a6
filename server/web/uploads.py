"""Videos bigger than one request: uploaded in chunks, assembled in memory, one at a time.

Every request stays under MAX_CONTENT_LENGTH (64 MB), so a burst of requests
stays bounded as before (security.md); on top of that the service holds at
most ONE video being assembled (up to the school's video limit, 500 MB by
default). An upload left unfinished or unused frees its place after IDLE_SECONDS.
Nothing is written to disk.
"""
from __future__ import annotations

import io
import secrets
import threading
import time
from dataclasses import dataclass, field

from server.web.errors import ApiError

CHUNK = 32 * 1024 * 1024  # what the extension sends per PUT; well under the body limit
IDLE_SECONDS = 120


@dataclass
class _Upload:
    id: str
    name: str
    size: int
    # Chunks come in order and are appended: getvalue() then hands over the very bytes
    # (CPython's BytesIO shares its buffer), where bytes(bytearray) held the video twice.
    buffer: io.BytesIO = field(repr=False, default_factory=io.BytesIO)
    received: int = 0
    touched: float = field(default_factory=time.monotonic)


class Uploads:
    def __init__(self) -> None:
        self._current: _Upload | None = None
        self._lock = threading.Lock()

    def start(self, size: int, name: str, max_bytes: int) -> str:
        if size <= 0:
            raise ApiError(400, "bad_upload", "Geef de grootte van de video op (size).")
        if size > max_bytes:
            raise ApiError(413, "too_large", f"{name}: de video is groter dan "
                              f"{round(max_bytes / 2**20, 2):g} MB.")
        with self._lock:
            if self._current is not None and time.monotonic() - self._current.touched < IDLE_SECONDS:
                raise ApiError(503, "busy", "Poortwachter ontvangt al een grote video; probeer het zo opnieuw.",
                               retry_after=10)
            self._current = _Upload("u_" + secrets.token_hex(8), name, size)
            return self._current.id

    def put(self, upload_id: str, offset: int, chunk: bytes) -> int:
        """Place a chunk at `offset`; returns the bytes received so far."""
        with self._lock:
            upload = self._get(upload_id)
            if offset != upload.received or offset + len(chunk) > upload.size:
                raise ApiError(400, "bad_offset", f"Verwacht deel vanaf byte {upload.received}.")
            upload.buffer.write(chunk)
            upload.received += len(chunk)
            upload.touched = time.monotonic()
            return upload.received

    def take(self, upload_id: str) -> tuple[str, bytes]:
        """The finished video, (name, bytes); the upload's place is free again."""
        with self._lock:
            upload = self._get(upload_id)
            if upload.received != upload.size:
                raise ApiError(400, "incomplete", f"{upload.name}: de video is nog niet helemaal ontvangen.")
            self._current = None
        return upload.name, upload.buffer.getvalue()

    def _get(self, upload_id: str) -> _Upload:
        upload = self._current
        if upload is None or upload.id != upload_id or time.monotonic() - upload.touched >= IDLE_SECONDS:
            raise ApiError(404, "gone", "Deze upload bestaat niet (meer); begin opnieuw.")
        return upload
