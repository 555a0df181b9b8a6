"""Load: 20 clients post checks of 12-megapixel photos to the real service for 2 minutes.

With --hostile the clients post, in turn, small files that decode big (a JPEG cut
off after 700 bytes that declares 7000x7000 pixels, 16-bit grey and RGB PNGs of
7000x7000, a plain 49 MP JPEG), a draft of four 16-bit PNGs, and the 12 MP photo:
a 400 for the broken one is the right answer. With --mixed they post, in turn, a
30-second 1080p video (bench/video.py's clip, made once in the system's temporary
directory), the 12 MP photo with a caption, the 16-bit RGB PNG, four 16-bit PNGs
and the 12 MP photo. It prints the peak memory of the service and its workers
(target: at most 1.5 GB, RSS added up over the processes, so pages they share
count once per process; their PSS beside it) and the memory 15 s after the last
request (target: within 300 MB of the start).

Starts `poortwachter serve` on a free port with the demo school (imported and
enrolled) in a temporary data directory, pairs through the printed
`Koppelcode:` and /api/v1/pair, then runs the clients. A 200 is a verdict, a 503
is the service refusing more work (it must carry Retry-After; the client asks again
after 2 s, as the extension does for a video's upload and a user would by hand);
anything else is an error. The service's memory
(its process and its worker processes) is sampled throughout: it must stay flat.

With --mixed --video 4k the video is a 15-second 3840x2160 clip. With --bodies the
clients (12) post at once, over and over, a
check whose body is just under the 64 MB request limit (a 1080p video padded with an
MP4 `free` box). With --upload MB one more client sends a video of MB megabytes (the
clip padded) in chunks through /api/v1/uploads, as the extension sends a video too big
for one request, and checks it, over and over, beside the other clients.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 120] [--hostile | --mixed | --bodies]
                                   [--video 1080p|4k] [--upload MB]
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
from collections import Counter
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.load_drafts import (VIDEO_MINUTES, check_body, check_uploaded, full_bodies, hostile_bodies,  # noqa: E402
                               mixed_bodies, padded, video_clip)
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
SAMPLE_SECONDS = 0.2
BUSY_PAUSE_SECONDS = 2  # what a client waits after a 503 before it asks again (background/videos.js)


def twelve_megapixels() -> bytes:
    """A group photo upscaled to 4000x3000, as a phone would send it, in memory only."""
    buffer = io.BytesIO()
    Image.open(PHOTO).convert("RGB").resize((4000, 3000), Image.LANCZOS).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def rss_of_tree(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    return sum(memory_of_tree(pid, "Rss").values())


def memory_of_tree(pid: int, field: str = "Rss") -> dict[int, int]:
    """Per process (`pid` and its descendants): resident bytes ("Rss"), or its proportional
    share of them ("Pss": a page shared by n processes counts 1/n in each)."""
    found = {}
    for member in {pid} | descendants(pid):
        try:
            if field == "Rss":
                found[member] = int(Path(f"/proc/{member}/statm").read_text().split()[1]) * PAGE
            else:
                rollup = Path(f"/proc/{member}/smaps_rollup").read_text()
                found[member] = int(rollup.split(f"\n{field}:", 1)[1].split()[0]) * 1024
        except (OSError, IndexError):  # ended meanwhile
            continue
    return found


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


def prepare(data_dir: Path) -> None:
    for args in (["consent", "import", "--yes", str(DEMO / "leerlingen.csv")], ["enrol", str(DEMO / "gezichten.csv")],
                 ["school", "import", str(DEMO / "school.toml")]):
        subprocess.run([str(POORTWACHTER), "--data-dir", str(data_dir), *args], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--hostile", action="store_true", help="small files that decode big, in turn")
    mode.add_argument("--mixed", action="store_true", help="a video, photos with and without text, big PNGs")
    mode.add_argument("--bodies", action="store_true", help="checks of ~60 MB each, all clients at once")
    parser.add_argument("--video", choices=sorted(VIDEO_MINUTES), default="1080p", help="the video of --mixed")
    parser.add_argument("--upload", type=float, metavar="MB", help="one more client: a video of MB in chunks")
    args = parser.parse_args()
    photo = twelve_megapixels()
    bodies = (hostile_bodies(photo) if args.hostile else mixed_bodies(photo, args.video) if args.mixed
              else full_bodies(args.video) if args.bodies else [check_body(photo)])
    uploaded = padded(video_clip(args.video), args.upload) if args.upload else None
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
            start_pss = sum(memory_of_tree(service.process.pid, "Pss").values())
            samples: list[tuple[float, int]] = []
            peak = {"rss": 0, "service": 0, "others": [], "pss": 0}
            results: list[tuple[int, float, str | None]] = []
            args.upload_statuses = []
            lock, stop = threading.Lock(), threading.Event()
            began = time.monotonic()

            def sample() -> None:
                while not stop.is_set():
                    processes = memory_of_tree(service.process.pid)
                    samples.append((time.monotonic() - began, sum(processes.values())))
                    if samples[-1][1] > peak["rss"]:  # what each process held at the peak, and their PSS then
                        service_rss = processes.pop(service.process.pid, 0)
                        peak.update(rss=samples[-1][1], service=service_rss, others=sorted(processes.values()),
                                    pss=sum(memory_of_tree(service.process.pid, "Pss").values()))
                    stop.wait(SAMPLE_SECONDS)

            def client(number: int) -> None:
                connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=300)
                turn = number
                while time.monotonic() - began < args.seconds:
                    body, content_type = bodies[turn % len(bodies)]
                    turn += 1
                    headers = {**authorization, "Content-Type": content_type}
                    sent = time.monotonic()
                    try:
                        if number == args.clients:  # the --upload client
                            status, retry = check_uploaded(service, authorization, uploaded, connection)
                            if status == 503:
                                stop.wait(1)  # the one upload place is taken: ask again shortly
                        else:
                            status, _, retry = service.request("POST", "/api/v1/checks", body, headers, connection)
                            if status == 503:  # not at once again: as a real client, it waits a moment
                                stop.wait(BUSY_PAUSE_SECONDS)
                    except (OSError, http.client.HTTPException) as error:
                        status, retry = 0, type(error).__name__
                        connection.close()
                        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=300)
                    with lock:
                        results.append((status, time.monotonic() - sent, retry))
                        if number == args.clients:
                            args.upload_statuses.append(status)

            threads = [threading.Thread(target=sample)] + [threading.Thread(target=client, args=(number,))
                                                           for number in range(args.clients + bool(uploaded))]
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
    report(args, photo, results, samples, start_rss, end_rss, settled_rss, alive, (start_pss, peak))


def report(args, photo: bytes, results, samples, start_rss: int, end_rss: int, settled_rss: int,
           alive: int, shares: tuple[int, dict]) -> None:
    mb = 1024 * 1024
    statuses = Counter(status for status, _, _ in results)
    ok = sorted(seconds for status, seconds, _ in results if status == 200)
    busy = [retry for status, _, retry in results if status == 503]
    refused = statuses[400] if args.hostile else 0  # the JPEG cut off after 700 bytes
    start_pss, at_peak = shares
    errors = len(results) - statuses[200] - statuses[503] - refused
    late = [rss for t, rss in samples if t >= args.seconds / 2]
    peak = max(r for _, r in samples)
    what = ("hostile drafts in turn (truncated 7000 px JPEG, 16-bit PNGs, 49 MP JPEG, four 16-bit PNGs at once, "
            "all of them at once, a 12 MP photo)" if args.hostile
            else f"mixed drafts in turn ({VIDEO_MINUTES[args.video] * 60:.0f} s {args.video} video, 12 MP photo "
                 "with a caption, 16-bit RGB PNG of 7000 px, four 16-bit PNGs at once, 12 MP photo)" if args.mixed
            else f"checks of a {args.video} video padded to ~60 MB, all at once" if args.bodies
            else f"12 MP photo ({len(photo) / mb:.1f} MB JPEG, 4000x3000)")
    print(f"load: {args.clients} clients, {args.seconds:.0f} s, {what}")
    if args.upload:
        print(f"  + 1 client sending a {args.video} video padded to {args.upload:g} MB in chunks (/api/v1/uploads), "
              f"then its check: {dict(Counter(args.upload_statuses))}")
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
    print(f"  at the peak: service process {at_peak['service'] / mb:.0f} MB, other processes (face workers, "
          f"resource tracker) {', '.join(f'{size / mb:.0f}' for size in at_peak['others'])} MB; "
          f"PSS (shared pages counted once) start "
          f"{start_pss / mb:.0f} MB, at the peak {at_peak['pss'] / mb:.0f} MB")
    print(f"  service still answering afterwards: {'yes' if alive == 200 else 'NO'}")
    sys.exit(0 if errors == 0 and alive == 200 and all(busy) else 1)


if __name__ == "__main__":
    main()
