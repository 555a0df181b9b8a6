"""Worker processes die with the service: `kill -9` of serve leaves nothing running."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from tests.process_tree import descendants

POORTWACHTER = Path(sys.executable).parent / "poortwachter"


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_face_workers_end_when_serve_is_killed(data_dir):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    service = subprocess.Popen([str(POORTWACHTER), "--data-dir", str(data_dir), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    workers: set[int] = set()
    try:
        for line in service.stdout:
            if line.startswith("Koppelcode:"):
                break
        workers = descendants(service.pid)
        assert len(workers) >= 2, workers  # the face workers (and the resource tracker)
        service.send_signal(signal.SIGKILL)
        service.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.5)
        assert not [pid for pid in workers if alive(pid)]
    finally:
        for pid in workers | descendants(service.pid) | {service.pid}:  # our own processes only
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
