"""The resumable record of a scan: what each finished photo got, keyed by path, size and mtime.

One JSON line per photo after a header that says what the decisions depended
on (the fingerprint). It holds decisions, boxes and person ids: never pixels,
never names. A line cut off by Ctrl+C is simply done again.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from server.registry import Registry

STATE_VERSION = 1


@dataclass
class PhotoResult:
    """What the gate decided about one photo; no pixels, no names."""

    path: str  # relative to the scanned folder, with /
    size: int
    mtime_ns: int
    decision: str  # allow, warn, block, or error
    width: int = 0
    height: int = 0
    gps: bool = False
    faces: list[dict] = field(default_factory=list)  # box, status, severity, person_id
    error: str = ""  # Dutch, when the photo could not be read

    @property
    def key(self) -> tuple[str, int, int]:
        return self.path, self.size, self.mtime_ns

    @property
    def person_ids(self) -> list[str]:
        return sorted({f["person_id"] for f in self.faces if f.get("person_id")})


def fingerprint(registry: Registry, channel: str, today: dt.date) -> str:
    """What a decision depends on besides the photo: templates, people, consents, the day.

    A scan resumes only when this is unchanged; otherwise a result could be stale
    (a withdrawal, a new template, a pupil who turned 16 today).
    """
    digest = hashlib.sha256(f"{STATE_VERSION}|{channel}|{today.isoformat()}".encode())
    for model, (ids, matrix) in sorted(registry.gallery().by_model.items()):
        digest.update(f"{model}|{'|'.join(ids)}".encode())
        digest.update(np.ascontiguousarray(matrix).tobytes())
    for person in registry.people(include_left=True):
        digest.update(repr(person).encode())
        digest.update(repr(registry.consents(person.id, channel)).encode())
    return digest.hexdigest()


class ScanState:
    """The resumable record of a scan: a header line, then one line per finished photo."""

    def __init__(self, path: Path, folder: Path, channel: str, fingerprint: str) -> None:
        self.path = path
        self.header = {"version": STATE_VERSION, "folder": str(folder.resolve()), "channel": channel,
                       "fingerprint": fingerprint}
        self.results: dict[tuple[str, int, int], PhotoResult] = {}
        self.restarted = False
        self._load()

    @staticmethod
    def default_path(data_dir: Path, folder: Path, channel: str) -> Path:
        name = hashlib.sha256(f"{folder.resolve()}|{channel}".encode()).hexdigest()[:16]
        return data_dir / "scans" / f"{name}.jsonl"

    def _load(self) -> None:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        if lines:
            try:
                header = json.loads(lines[0])
            except json.JSONDecodeError:
                header = None
            if header != self.header:
                self.restarted = True
                lines = []
        for line in lines[1:]:
            try:
                result = PhotoResult(**json.loads(line))
            except (json.JSONDecodeError, TypeError):
                continue  # a line cut off by Ctrl+C: that photo is simply done again
            self.results[result.key] = result
        self._rewrite()

    def _rewrite(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lines = [json.dumps(self.header)] + [json.dumps(asdict(r)) for r in self.results.values()]
        self.path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.chmod(self.path, 0o600)
        self._file = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def add(self, result: PhotoResult) -> None:
        """Record a finished photo at once, so a stop right after keeps it."""
        self.results[result.key] = result
        self._file.write(json.dumps(asdict(result)) + "\n")
        self._file.flush()

    def close(self) -> None:
        self._file.close()
