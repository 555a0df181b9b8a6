"""One gate process for the concurrency test: checks a photo again and again until told to stop.

Each line it writes: when the check started (CLOCK_MONOTONIC, shared by all processes on the
machine) and the status the verdict gave the child's face.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from server import config
from server.gate.gate import Draft, Gate
from server.registry import Registry


def main(data_dir: str, photo: str, out: str, stop: str) -> None:
    gate = Gate(Path(data_dir))
    draft = Draft(images=[("foto.jpg", Path(photo).read_bytes())], channel="social_media")
    with open(out, "a", encoding="utf-8") as results:
        while not Path(stop).exists():
            started = time.monotonic()
            registry = Registry(config.registry_location(Path(data_dir)))
            try:
                verdict = gate.check(draft, registry, dt.date(2026, 11, 21), source="test").verdict
            finally:
                registry.close()
            statuses = [f.get("status") for f in verdict["findings"] if f.get("kind") == "face"]
            results.write(json.dumps({"started": started, "statuses": statuses}) + "\n")
            results.flush()
    gate.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
