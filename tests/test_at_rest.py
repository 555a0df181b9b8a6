"""What Poortwachter leaves on disk: only private files, and never a photo or a caption.

The photos and captions are made unique for the run, so finding any of their
bytes anywhere means Poortwachter wrote them; the search covers the data
directory and the temporary directories (files written since the test began).
"""
from __future__ import annotations

import http.client
import io
import os
import re
import tempfile
import threading
import time
import uuid
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import DEMO, KNN, TODAY, jpeg_bytes
from tests.test_faults import poortwachter
from tests.test_pages import csrf, set_up_admin

TEMP_DIRS = {Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp")}


def unique_photo(size: tuple[int, int] | None = None) -> bytes:
    """The demo group photo with a random patch (and noise when `size` is given): bytes no one else has."""
    image = Image.open(KNN / "test/obama_and_biden.jpg").convert("RGB")
    if size:
        noise = np.random.default_rng().integers(0, 256, (*size[::-1], 3), dtype=np.uint8)
        big = Image.fromarray(noise)
        big.paste(image, (0, 0))
        image = big
    patch = np.random.default_rng().integers(0, 256, (64, 64, 3), dtype=np.uint8)
    image.paste(Image.fromarray(patch), (0, 0))
    return jpeg_bytes(image, quality=95)


def slices(data: bytes) -> list[bytes]:
    """Distinctive 64-byte pieces from the middle of the compressed data (never the shared header)."""
    return [data[i:i + 64] for i in (len(data) // 3, len(data) // 2, 2 * len(data) // 3)]


def leftovers(roots: set[Path], needles: list[bytes], since: float, skip: set[Path]) -> list[str]:
    """Files under `roots`, changed since `since`, that hold any needle."""
    found = []
    # os.walk, not rglob: a directory another program removes during the walk is skipped, not an error.
    paths = (Path(folder) / name for root in roots for folder, _, names in os.walk(root) for name in names)
    for path in paths:
        try:
            if any(part in skip for part in path.parents) or not path.is_file() or path.is_symlink():
                continue
            if path.stat().st_mtime < since or path.stat().st_size > 512 * 1024 * 1024:
                continue
            data = path.read_bytes()
        except OSError:  # another session's file that went away or is not ours to read
            continue
        found += [f"{path}: {needle[:8]!r}…" for needle in needles if needle in data]
    return found


class Served:
    """The app on a real waitress server with the options `poortwachter serve` uses."""

    def __init__(self, app) -> None:
        from server.cli.cli_serve import waitress_options
        from server.web.body_budget import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, **waitress_options(app))
        self.port = self.server.effective_port
        app.config["ALLOWED_HOSTS"] = {f"127.0.0.1:{self.port}"}
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.server.close()


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts += [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{n}"\r\n'
              f"Content-Type: image/jpeg\r\n\r\n".encode() + data + b"\r\n" for k, n, data in files]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_checks_leave_no_photo_and_no_caption_behind(app, client, auth, data_dir, tmp_path, monkeypatch):
    started = time.time() - 1
    marker = f"ZOMERFEEST{uuid.uuid4().hex}"
    caption = f"Gefeliciteerd Sanne! {marker} Bel 06-12345678."
    photos = {"api": unique_photo(), "page": unique_photo(), "cli": unique_photo(),
              "groot": unique_photo((2400, 2400))}
    assert len(photos["groot"]) > 2 * 1024 * 1024
    spooled: list[str] = []  # waitress and werkzeug spool big bodies through tempfile
    real_temporary_file = tempfile.TemporaryFile
    monkeypatch.setattr(tempfile, "TemporaryFile", lambda *a, **k: spooled.append("TemporaryFile")
                        or real_temporary_file(*a, **k))

    # The API, in the test client, with the > 2 MB photo too.
    response = client.post("/api/v1/checks", headers=auth, data={
        "text": caption, "images[]": [(io.BytesIO(photos["api"]), "a.jpg"), (io.BytesIO(photos["groot"]), "g.jpg")]})
    assert response.status_code == 200
    check_id = response.get_json()["id"]
    assert client.get(f"/api/v1/checks/{check_id}/images/0/safe", headers=auth).status_code == 200
    # The self-check page.
    page = client.post("/", data={"csrf_token": csrf(client), "text": caption, "channel": "website",
                                  "account": "school", "images": (io.BytesIO(photos["page"]), "p.jpg")},
                       content_type="multipart/form-data")
    assert page.status_code == 200 and marker in page.get_data(as_text=True)
    # The real server with serve's options: a > 2 MB upload and a > 1 MB safe copy stay in memory.
    served = Served(app)
    try:
        body, content_type = multipart({"text": caption}, [("images[]", "g.jpg", photos["groot"])])
        status, answer = served.request("POST", "/api/v1/checks", body, {
            **auth, "Content-Type": content_type, "Host": f"127.0.0.1:{served.port}"})
        assert status == 200, answer
        check_id = re.search(rb'"id":\s*"(c_\w+)"', answer).group(1).decode()
        status, safe = served.request("GET", f"/api/v1/checks/{check_id}/images/0/safe",
                                      headers={**auth, "Host": f"127.0.0.1:{served.port}"})
        assert status == 200 and len(safe) > 1024 * 1024
    finally:
        served.close()
    # The command line, on a photo the user keeps in a folder of their own.
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "foto.jpg").write_bytes(photos["cli"])
    result = poortwachter(data_dir, "--today", TODAY.isoformat(), "check", "--text", caption, str(own / "foto.jpg"))
    assert result.returncode == 2, result.stderr

    assert spooled == []
    needles = [caption.encode(), marker.encode()] + [s for data in photos.values() for s in slices(data)]
    assert leftovers({data_dir} | TEMP_DIRS, needles, started, skip={own}) == []


def test_every_file_poortwachter_writes_is_private(tmp_path, faces):
    from server.registry import Registry
    from server.web.app import create_app
    from server.web.pairing import new_code

    data, folder = tmp_path / "nieuw", tmp_path / "fotos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes((KNN / "test/obama1.jpg").read_bytes())
    for args in (["consent", "import", "--yes", str(DEMO / "leerlingen.csv")], ["school", "import", str(DEMO / "school.toml")],
                 ["check", "--text", "Hallo"],
                 ["scan", str(folder), "--jobs", "1", "--report", str(data / "r.html"), "--csv", str(data / "r.csv")]):
        result = poortwachter(data, *args)
        assert result.returncode in (0, 1, 2), result.stderr
    # What the service writes: the session key, the admin password, tokens and audit entries.
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "FACE_ANALYZER": faces, "PORT": 5151})
    client = app.test_client()
    client.open = _local(client.open)
    client.get(f"/?token={app.config['PAGE_TOKEN']}")
    set_up_admin(client)
    with app.app_context():
        from server.web.context import registry

        code = new_code(registry())
    token = client.post("/api/v1/pair", json={"code": code}).get_json()["token"]
    assert client.post("/api/v1/checks", headers={"Authorization": f"Bearer {token}"},
                       data={"text": "Hallo"}).status_code == 200
    held_open = Registry(data / "registry.sqlite3")
    held_open.record_override("geen", "x", "nu")  # a write while open: the WAL and SHM files exist
    try:
        written = {p.relative_to(data).as_posix(): p.stat().st_mode & 0o777 for p in data.rglob("*")}
    finally:
        held_open.close()
    assert {"registry.sqlite3", "registry.sqlite3-wal", "registry.sqlite3-shm", "secret_key", "admin_password",
            "school.toml", "r.html", "r.csv"} <= set(written), written
    assert any(name.startswith("scans/") and name.endswith(".jsonl") for name in written), written
    assert data.stat().st_mode & 0o777 == 0o700
    for name, mode in written.items():
        assert mode == (0o700 if (data / name).is_dir() else 0o600), (name, oct(mode))


def _local(open_):
    def opened(*args, **kwargs):
        kwargs.setdefault("base_url", "http://127.0.0.1:5151")
        return open_(*args, **kwargs)
    return opened


@pytest.fixture(autouse=True)
def _quiet_waitress(caplog):
    caplog.set_level("ERROR", logger="waitress")
