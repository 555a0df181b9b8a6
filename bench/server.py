"""School server: teachers post 12-megapixel photos to `poortwachter serve --server` for 2 minutes.

Per backend (PostgreSQL from Debian's package, started here with its normal durability, then
SQLite): a data directory with the demo school imported and enrolled, one account and token per
teacher, the server with `--workers` gate processes (gunicorn) on a loopback port, then the
teachers, each posting one photo after the other and waiting `Retry-After` after a 503. A 200
is a verdict, a 503 the server refusing more work (it must carry Retry-After); anything else
is an error. Memory is sampled per gate process (with its face workers).

    .venv/bin/python bench/server.py [--teachers 30] [--seconds 120] [--workers 2] [--backends postgres,sqlite]
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import POORTWACHTER, check_body, prepare, rss_of_tree, twelve_megapixels  # noqa: E402
from server import config  # noqa: E402
from server.registry import Registry  # noqa: E402
from server.web.accounts import sha256  # noqa: E402

PUBLIC = "poortwachter.bench.test"
MB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def teacher_tokens(data_dir: Path, count: int) -> list[str]:
    """One account and one paired browser per teacher, straight into the registry."""
    registry, now, tokens = Registry(config.registry_location(data_dir)), dt.datetime.now().isoformat(), []
    for number in range(count):
        user = registry.add_user(f"leraar{number}", f"Leraar {number}", "medewerker", now, password_hash="-")
        token = secrets.token_urlsafe(32)
        registry.add_user_token(sha256(token), "bench", user.id, now)
        tokens.append(token)
    registry.close()
    return tokens


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class SchoolServer:
    def __init__(self, data_dir: Path, workers: int) -> None:
        self.port = free_port()
        with (data_dir / config.SETTINGS_FILE).open("a", encoding="utf-8") as settings:
            settings.write(f'public_name = "{PUBLIC}"\nbind = "127.0.0.1:{self.port}"\nworkers = {workers}\n')
        self.process = subprocess.Popen([str(POORTWACHTER), "--data-dir", str(data_dir), "serve", "--server"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 300
        while True:
            try:
                if self.request("GET", "/aanmelden")[0] == 200 and len(children(self.process.pid)) >= workers:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("the school server did not start")
            time.sleep(0.5)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            connection.request(method, path, body=body, headers={"Host": PUBLIC, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read(), response.getheader("Retry-After")
        finally:
            connection.close()

    def rss(self) -> dict[str, int]:
        """Resident bytes of gunicorn's master and of each gate process with its face workers."""
        sizes = {"master": rss_of_tree(self.process.pid) - sum(rss_of_tree(c) for c in children(self.process.pid))}
        for number, worker in enumerate(children(self.process.pid)):
            sizes[f"gate {number + 1}"] = rss_of_tree(worker)
        return sizes

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def run(backend: str, args, body: bytes, content_type: str) -> dict:
    cluster = None
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        if backend == "postgres":
            from tests.postgres_support import Cluster

            cluster = Cluster(fast=False)  # fsync on: a school's database, not a test's
            (data_dir / config.SETTINGS_FILE).write_text(f'database_url = "{cluster.create_database("bench")}"\n')
        try:
            prepare(data_dir)
            tokens = teacher_tokens(data_dir, args.teachers)
            server = SchoolServer(data_dir, args.workers)
            try:
                return load(server, tokens, args, body, content_type)
            finally:
                server.stop()
        finally:
            if cluster:
                cluster.stop()


def load(server: SchoolServer, tokens: list[str], args, body: bytes, content_type: str) -> dict:
    for token in tokens[: args.workers * 2]:  # warm each process's models
        server.request("POST", "/api/v1/checks", body, {"Authorization": f"Bearer {token}",
                                                          "Content-Type": content_type})
    results: list[tuple[int, float, str | None]] = []
    peaks: dict[str, int] = {}
    lock, stop = threading.Lock(), threading.Event()
    began = time.monotonic()

    def sample() -> None:
        while not stop.is_set():
            for name, size in server.rss().items():
                peaks[name] = max(peaks.get(name, 0), size)
            stop.wait(1)

    def teacher(token: str) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": content_type}
        while time.monotonic() - began < args.seconds:
            sent = time.monotonic()
            # A new connection per check: any gate process may take it (as after a browser's idle pause).
            try:
                status, _, retry = server.request("POST", "/api/v1/checks", body, headers)
            except (OSError, http.client.HTTPException) as error:
                status, retry = 0, type(error).__name__
            with lock:
                results.append((status, time.monotonic() - sent, retry))
            if status == 503 and retry and retry.isdigit():
                time.sleep(min(int(retry), max(0.0, args.seconds - (time.monotonic() - began))))

    threads = [threading.Thread(target=sample)] + [threading.Thread(target=teacher, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads[1:]:
        thread.join()
    elapsed = time.monotonic() - began
    stop.set()
    threads[0].join()
    return {"results": results, "peaks": peaks, "elapsed": elapsed}


def report(backend: str, args, outcome: dict) -> bool:
    results = outcome["results"]
    statuses = Counter(status for status, _, _ in results)
    ok = sorted(seconds for status, seconds, _ in results if status == 200)
    busy = [retry for status, _, retry in results if status == 503]
    errors = len(results) - statuses[200] - statuses[503]
    print(f"{backend}: {args.teachers} teachers, {args.workers} gate processes, {outcome['elapsed']:.0f} s")
    failures = Counter(retry for status, _, retry in results if status not in (200, 503))
    print(f"  verdicts (200): {statuses[200]}; busy (503): {len(busy)}, all with Retry-After: "
          f"{'yes' if all(busy) else 'NO'}; errors: {errors}" + (f" {dict(statuses)} {dict(failures)}" if errors else ""))
    if ok:
        p95 = ok[min(len(ok) - 1, round(0.95 * (len(ok) - 1)))]
        print(f"  latency of verdicts: median {statistics.median(ok):.1f} s, p95 {p95:.1f} s; "
              f"{statuses[200] / outcome['elapsed'] * 60:.0f} checks/min")
    print("  peak RSS: " + ", ".join(f"{name} {size / MB:.0f} MB" for name, size in outcome["peaks"].items()))
    return errors == 0 and all(busy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--backends", default="postgres,sqlite")
    args = parser.parse_args()
    photo = twelve_megapixels()
    body, content_type = check_body(photo)
    print(f"12 MP photo: {len(photo) / MB:.1f} MB JPEG, 4000x3000; loopback only")
    good = [report(backend, args, run(backend, args, body, content_type)) for backend in args.backends.split(",")]
    sys.exit(0 if all(good) else 1)


if __name__ == "__main__":
    main()
