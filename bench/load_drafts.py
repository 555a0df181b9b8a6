"""What bench/load.py's clients post: check bodies for each mode, and a video sent in chunks."""
from __future__ import annotations

import json
import struct
import time
import uuid

from tests.hostile_images import hostile_images

CAPTION = "Sanne en Daan van groep 7 op schoolreis naar Artis! Vragen? Bel 06-12345678."
VIDEO_MINUTES = {"1080p": 0.5, "4k": 0.25}  # bench/video.py's scene: 30 s at 1080p, 15 s at 4K
VIDEO_SIZES = {"1080p": (1920, 1080), "4k": (3840, 2160)}
FULL_BODY_MB = 60  # --bodies: each check just under the 64 MB request limit
BUSY_TRIES, BUSY_WAIT_SECONDS = 60, 2.0  # the extension's retries of a chunk the service is too busy for


def check_body(*photos: bytes, videos: tuple[bytes, ...] = (), text: str = "") -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = f'--{boundary}\r\nContent-Disposition: form-data; name="channel"\r\n\r\nsocial_media\r\n'.encode()
    if text:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n'.encode()
    for field, files in (("images[]", photos), ("videos[]", videos)):
        for number, data in enumerate(files):
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="bestand{number}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def hostile_bodies(photo: bytes) -> list[tuple[bytes, str]]:
    """Drafts that decode big from small files, and one ordinary photo, posted in turn."""
    files = hostile_images()
    sixteen = files["grey16-7000px.png"]
    return [check_body(data) for data in files.values()] + [check_body(*[sixteen] * 4),
                                                             check_body(*files.values()), check_body(photo)]


def video_clip(kind: str) -> bytes:
    from bench.video import clip

    return clip(VIDEO_MINUTES[kind], VIDEO_SIZES[kind]).read_bytes()


def padded(video: bytes, megabytes: float) -> bytes:
    """The video followed by an MP4 `free` box up to `megabytes`: a valid file that FFmpeg
    reads as the same video, as big as a long phone video is to hold."""
    rest = int(megabytes * 2**20) - len(video)
    return video + struct.pack(">I4s", rest, b"free") + bytes(rest - 8) if rest > 8 else video


def full_bodies(kind: str) -> list[tuple[bytes, str]]:
    """One check with the video padded to just under the request limit."""
    return [check_body(videos=(padded(video_clip(kind), FULL_BODY_MB),))]


def mixed_bodies(photo: bytes, kind: str = "1080p") -> list[tuple[bytes, str]]:
    """A video, a photo with a caption, photos that decode big, and a plain photo, posted in turn."""
    files = hostile_images()
    video = video_clip(kind)
    return [check_body(videos=(video,)), check_body(photo, text=CAPTION), check_body(files["rgb16-7000px.png"]),
            check_body(*[files["grey16-7000px.png"]] * 4), check_body(photo)]


def check_uploaded(service, authorization: dict, video: bytes, connection) -> tuple[int, str | None]:
    """A video bigger than one request, as the extension sends it: /api/v1/uploads in
    chunks, then a check that names the upload (asked again while the service is busy) and asks
    for the safe copies' plans (the service then holds no video for its copy). Returns the
    first status that is not a success."""
    status, body, retry = service.request("POST", "/api/v1/uploads",
                                          json.dumps({"size": len(video), "name": "lang.mp4"}).encode(),
                                          {**authorization, "Content-Type": "application/json"}, connection)
    if status != 201:
        return status, retry
    upload = json.loads(body)
    for offset in range(0, len(video), upload["chunk"]):
        for _ in range(BUSY_TRIES):  # as the extension does (background/videos.js whileBusy)
            status, _, retry = service.request("PUT", f"/api/v1/uploads/{upload['id']}?offset={offset}",
                                               video[offset:offset + upload["chunk"]],
                                               {**authorization, "Content-Type": "application/octet-stream"},
                                               connection)
            if status != 503:
                break
            time.sleep(BUSY_WAIT_SECONDS)
        if status != 200:
            return status, retry
    for _ in range(BUSY_TRIES):  # a check slot may not come free in time: the upload waits for its check
        status, _, retry = service.request("POST", "/api/v1/checks",
                                           f"uploads[]={upload['id']}&safe_copies=inline".encode(),
                                           {**authorization, "Content-Type": "application/x-www-form-urlencoded"},
                                           connection)
        if status != 503:
            break
        time.sleep(BUSY_WAIT_SECONDS)
    return status, retry
