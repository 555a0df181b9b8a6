"""Videos bigger than one request: uploaded in chunks, assembled in memory, one at a time.

Every request stays under MAX_CONTENT_LENGTH (64 MB), so a burst of requests
stays bounded as before (security.md); on top of that the service holds at
most ONE big video, from its first chunk until the check that uses it ends (up to
the school's video limit, 500 MB by default). Its bytes are taken from the process's
memory budget (detectors.working_memory) when the upload starts, so other work gives
way to it instead of adding up. An upload left unfinished or unused frees its place
after IDLE_SECONDS. Nothing is written to disk.
"""
from __future__ import annotations

import io
import secrets
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from detectors import working_memory
from detectors.working_memory import Busy
from server.web.errors import ApiError

CHUNK = 32 * 1024 * 1024  # what the extension sends per PUT; well under the body limit
# Beside the video, its chunks on their way in: waitress's buffer and its copy in the request,
# and the buffer of the one before until waitress closes that request.
CHUNK_ROOM = 3 * CHUNK
IDLE_SECONDS = 120
STALLED_SECONDS = 15  # given up sooner when its memory is needed (reclaim)


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
    # Give its bytes of the memory budget back: the video's at release, the room for its chunks
    # when it is complete (the check needs that room); both when the upload is gone.
    give_back: weakref.finalize | None = None
    give_back_room: weakref.finalize | None = None
    taken: bool = False
    chunk_coming: bool = False  # a chunk's body is being read (paid for by the reservation)

    def idle(self) -> bool:
        return not self.taken and time.monotonic() - self.touched >= IDLE_SECONDS


class Uploads:
    def __init__(self) -> None:
        self._current: _Upload | None = None
        self._lock = threading.Lock()
        self._budget = working_memory.budget()
        self._budget.add_reclaimer(self.reclaim)

    def start(self, size: int, name: str, max_bytes: int) -> str:
        if size <= 0:
            raise ApiError(400, "bad_upload", "Geef de grootte van de video op (size).")
        if size > max_bytes:
            raise ApiError(413, "too_large", f"{name}: de video is groter dan "
                              f"{round(max_bytes / 2**20, 2):g} MB.")
        if size + CHUNK_ROOM > self._budget.total:  # a school's limit set above what fits
            raise ApiError(413, "too_large", f"{name}: de video is groter dan Poortwachter op deze computer kan "
                           f"controleren ({(self._budget.total - CHUNK_ROOM) // 2**20} MB).")
        upload = _Upload("u_" + secrets.token_hex(8), name, size)
        with self._lock:
            if self._current is not None and not self._current.idle():
                raise ApiError(503, "busy", "Poortwachter ontvangt al een grote video; probeer het zo opnieuw.",
                               retry_after=10)
            self._free(self._current)
            self._current = upload
        try:  # others give way: the video goes before searches waiting, and they end in time
            self._budget.hold(size + CHUNK_ROOM, working_memory.FIRST_WAIT_SECONDS, first=True)
        except Busy:
            with self._lock:
                self._current = None
            raise ApiError(503, "busy", "Poortwachter heeft nu geen geheugen vrij voor deze video; "
                                        "probeer het zo opnieuw.", retry_after=10) from None
        upload.touched = time.monotonic()  # it may have waited for its memory: not stalled
        upload.give_back = weakref.finalize(upload, self._budget.give, size, True)
        upload.give_back_room = weakref.finalize(upload, self._budget.give, CHUNK_ROOM, True)
        return upload.id

    def receiving(self, upload_id: str, size: int) -> Callable[[], None] | None:
        """For the server's body reader: a chunk of the upload under way, one at a time, whose
        body its reservation pays for; returns what to call when its request ends, else None."""
        with self._lock:
            upload = self._current
            if (upload is None or upload.id != upload_id or upload.taken or upload.chunk_coming
                    or upload.give_back is None or size > CHUNK):
                return None
            upload.chunk_coming = True

        def received() -> None:
            upload.chunk_coming = False
        return received

    def put(self, upload_id: str, offset: int, chunk: bytes) -> int:
        """Place a chunk at `offset`; returns the bytes received so far."""
        with self._lock:
            upload = self._get(upload_id)
            if offset != upload.received or offset + len(chunk) > upload.size:
                raise ApiError(400, "bad_offset", f"Verwacht deel vanaf byte {upload.received}.")
            upload.buffer.write(chunk)
            upload.received += len(chunk)
            upload.touched = time.monotonic()
            # The next chunk may come before waitress closes this request (CHUNK_ROOM).
            upload.chunk_coming = False
            return upload.received

    def take(self, upload_id: str) -> tuple[str, bytes]:
        """The finished video, (name, bytes). Its place and memory stay taken until release()."""
        with self._lock:
            upload = self._get(upload_id)
            if upload.received != upload.size:
                raise ApiError(400, "incomplete", f"{upload.name}: de video is nog niet helemaal ontvangen.")
            upload.taken = True
            upload.give_back_room()
            data, upload.buffer = upload.buffer.getvalue(), io.BytesIO()
        return upload.name, data

    def reclaim(self, _size: int) -> None:
        """Work needs memory: an upload that stopped halfway (nothing for STALLED_SECONDS) gives its
        place up now rather than after IDLE_SECONDS (its client gets 404 and starts again). A
        complete one keeps it: its check may be waiting for a check slot."""
        with self._lock:
            upload = self._current
            if (upload is not None and not upload.taken and upload.received < upload.size
                    and time.monotonic() - upload.touched >= STALLED_SECONDS):
                self._free(upload)
                self._current = None

    def release(self, upload_id: str) -> None:
        """The check that took the upload has ended: its place and memory are free again."""
        with self._lock:
            if self._current is not None and self._current.id == upload_id:
                self._free(self._current)
                self._current = None

    @staticmethod
    def _free(upload: _Upload | None) -> None:
        if upload is not None and upload.give_back is not None:
            upload.buffer = io.BytesIO()
            upload.give_back()
            upload.give_back_room()

    def _get(self, upload_id: str) -> _Upload:
        upload = self._current
        if upload is None or upload.id != upload_id or upload.taken or upload.idle():
            raise ApiError(404, "gone", "Deze upload bestaat niet (meer); begin opnieuw.")
        return upload
