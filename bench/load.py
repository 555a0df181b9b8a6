"""Load: 20 clients post checks of 12-megapixel photos to the real service for 2 minutes.

With --hostile the clients post, in turn, small files that decode big (a JPEG cut
off after 700 bytes that declares 7000x7000 pixels, 16-bit grey and RGB PNGs of
7000x7000, a plain 49 MP JPEG), a draft of four 16-bit PNGs, and the 12 MP photo:
a 400 for the broken one is the right answer. It prints the peak memory of the
service and its workers (target: at most 1.5 GB) and the memory 15 s after the
last request (target: within 300 MB of the start).

Starts `poortwachter serve` on a free port with the demo school (imported and
enrolled) in a temporary data directory, pairs through the printed
`Koppelcode:` and /api/v1/pair, then runs the clients. A 200 is a verdict, a 503
is the service refusing more work (it must carry Retry-After); anything else is
an error. The service's memory (its process and its worker processes) is
sampled throughout: it must stay flat.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 120] [--hostile]
"""
from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.hostile_images import hostile_images  # noqa: E402
from tests.process_tree import descendants  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEMO = DATA / "school_demo"
PHOTO = DATA / "faces" / "face_recognition_repo" / "examples" / "knn_examples" / "test" / "obama_and_biden.jpg"
POORTWACHTER = Path(sys.executable).parent / "poortwachter"
PAGE = os.sysconf("SC_PAGE_SIZE")
PEAK_TARGET_MB = 1536
SETTLE_TARGET_MB = 300
SETTLE_SECONDS = 15


def twelve_megapixels() -> bytes:
    """A group photo upscaled to 4000x3000, as a phone would send it, in memory only."""
    buffer = io.BytesIO()
    Image.open(PHOTO).convert("RGB").resize((4000, 3000), Image.LANCZOS).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def rss_of_tree(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    total = 0
    for member in {pid} | descendants(pid):
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * PAGE
        except OSError:  # ended meanwhile
            continue
    return total


class Service:
    """`poortwachter serve` in a subprocess, paired."""

    def __init__(self, data_dir: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [str(POORTWACHTER), "--data-dir", str(data_dir), "serve", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        code = None
        for line in self.process.stdout:
            if line.startswith("Koppelcode:"):
                code = line.split(":", 1)[1].split()[0]  # "Koppelcode: 123456 (geldig tot 14:05; …)"
                break
        if code is None:
            raise SystemExit(f"the service did not start: {self.process.wait()}")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()  # keep the pipe drained
        for _ in range(100):  # the code is printed just before the port opens
            try:
                status, body, _ = self.request("POST", "/api/v1/pair", json.dumps({"code": code}).encode(),
                                               {"Content-Type": "application/json"})
                break
            except ConnectionRefusedError:
                time.sleep(0.1)
        if status != 200:
            self.stop()
            raise SystemExit(f"pairing failed: {body!r}")
        self.token = json.loads(body)["token"]

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None,
                connection: http.client.HTTPConnection | None = None):
        connection = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("Retry-After")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def check_body(*photos: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = f'--{boundary}\r\nContent-Disposition: form-data; name="channel"\r\n\r\nsocial_media\r\n'.encode()
    for number, photo in enumerate(photos):
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="images[]"; filename="foto{number}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n").encode() + photo + b"\r\n"
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def hostile_bodies(photo: bytes) -> list[tuple[bytes, str]]:
    """Drafts that decode big from small files, and one ordinary photo, posted in turn."""
    files = hostile_images()
    sixteen = files["grey16-7000px.png"]
    return [check_body(data) for data in files.values()] + [check_body(*[sixteen] * 4),
                                                             check_body(*files.values()), check_body(photo)]


def prepare(data_dir: Path) -> None:
    for args in (["consent", "import", "--yes", str(DEMO / "leerlingen.csv")], ["enrol", str(DEMO / "gezichten.csv")],
                 ["school", "import", str(DEMO / "school.toml")]):
        subprocess.run([str(POORTWACHTER), "--data-dir", str(data_dir), *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--hostile", action="store_true", help="small files that decode big, in turn")
    args = parser.parse_args()
    photo = twelve_megapixels()
    bodies = hostile_bodies(photo) if args.hostile else [check_body(photo)]
    with tempfile.TemporaryDirectory() as tmp:
        prepare(Path(tmp))
        service = Service(Path(tmp))
        try:
            authorization = {"Authorization": f"Bearer {service.token}"}
            body, content_type = bodies[-1]
            status, _, _ = service.request("POST", "/api/v1/checks", body,
                                           {**authorization, "Content-Type": content_type})  # one warm check
            assert status == 200
            start_rss = rss_of_tree(service.process.pid)
            samples: list[tuple[float, int]] = []
            results: list[tuple[int, float, str | None]] = []
            lock, stop = threading.Lock(), threading.Event()
            began = time.monotonic()

            def sample() -> None:
                while not stop.is_set():
                    samples.append((time.monotonic() - began, rss_of_tree(service.process.pid)))
                    stop.wait(0.5)

            def client(number: int) -> None:
                connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=300)
                turn = number
                while time.monotonic() - began < args.seconds:
                    body, content_type = bodies[turn % len(bodies)]
                    turn += 1
                    headers = {**authorization, "Content-Type": content_type}
                    sent = time.monotonic()
                    try:
                        status, _, retry = service.request("POST", "/api/v1/checks", body, headers, connection)
                    except (OSError, http.client.HTTPException) as error:
                        status, retry = 0, type(error).__name__
                        connection.close()
                        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=300)
                    with lock:
                        results.append((status, time.monotonic() - sent, retry))

            threads = [threading.Thread(target=sample)] + [threading.Thread(target=client, args=(number,))
                                                           for number in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads[1:]:
                thread.join()
            stop.set()
            threads[0].join()
            alive, _, _ = service.request("GET", "/api/v1/health", headers=authorization)
            end_rss = rss_of_tree(service.process.pid)
            time.sleep(SETTLE_SECONDS)
            settled_rss = rss_of_tree(service.process.pid)
        finally:
            service.stop()
    report(args, photo, results, samples, start_rss, end_rss, settled_rss, alive)


def report(args, photo: bytes, results, samples, start_rss: int, end_rss: int, settled_rss: int,
           alive: int) -> None:
    mb = 1024 * 1024
    statuses = Counter(status for status, _, _ in results)
    ok = sorted(seconds for status, seconds, _ in results if status == 200)
    busy = [retry for status, _, retry in results if status == 503]
    refused = statuses[400] if args.hostile else 0  # the JPEG cut off after 700 bytes
    errors = len(results) - statuses[200] - statuses[503] - refused
    late = [rss for t, rss in samples if t >= args.seconds / 2]
    peak = max(r for _, r in samples)
    what = ("hostile drafts in turn (truncated 7000 px JPEG, 16-bit PNGs, 49 MP JPEG, four 16-bit PNGs at once, "
            "all of them at once, a 12 MP photo)" if args.hostile
            else f"12 MP photo ({len(photo) / mb:.1f} MB JPEG, 4000x3000)")
    print(f"load: {args.clients} clients, {args.seconds:.0f} s, {what}")
    print(f"  requests done: {len(results)}; verdicts (200): {statuses[200]}; "
          f"busy (503): {len(busy)}, all with Retry-After: {'yes' if all(busy) else 'NO'}; "
          + (f"refused (400, the broken file): {refused}; " if args.hostile else "") + f"errors: {errors}"
          + (f" {dict(statuses)} {dict(Counter(r for status, _, r in results if status == 0))}" if errors else ""))
    if ok:
        p95 = ok[min(len(ok) - 1, round(0.95 * (len(ok) - 1)))]
        print(f"  latency of verdicts: median {statistics.median(ok):.1f} s, p95 {p95:.1f} s; "
              f"throughput {statuses[200] / args.seconds * 60:.0f} checks/min")
    settled_ok = settled_rss - start_rss <= SETTLE_TARGET_MB * mb
    print(f"  service RSS (process + workers): start {start_rss / mb:.0f} MB, peak {peak / mb:.0f} MB "
          f"(target ≤ {PEAK_TARGET_MB} MB: {'yes' if peak <= PEAK_TARGET_MB * mb else 'NO'}), second half "
          f"{min(late) / mb:.0f}-{max(late) / mb:.0f} MB, end {end_rss / mb:.0f} MB, {SETTLE_SECONDS} s later "
          f"{settled_rss / mb:.0f} MB (within {SETTLE_TARGET_MB} MB of start: {'yes' if settled_ok else 'NO'})")
    print(f"  service still answering afterwards: {'yes' if alive == 200 else 'NO'}")
    sys.exit(0 if errors == 0 and alive == 200 and all(busy) else 1)


if __name__ == "__main__":
    main()
