"""Erasing a person everywhere Poortwachter keeps anything about them (GDPR art. 17).

The registry deletes the person, consents and templates and puts ERASED in the
audit log; the scan records in the data directory (scans/*.jsonl, one JSON line
per photo with each face's person_id) get the same marker, keeping the decision.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from server.registry.registry import ERASED, Registry


def erase_person(registry: Registry, data_dir: Path, person_id: str) -> bool:
    """Erase `person_id`; False if the registry did not know them (scan records are cleaned anyway)."""
    found = registry.erase(person_id)
    for path in sorted((data_dir / "scans").glob("*.jsonl")):
        _forget_in_scan_record(path, person_id)
    return found


def _forget_in_scan_record(path: Path, person_id: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = False
    for number, line in enumerate(lines):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut off by Ctrl+C; the scan redoes that photo
        faces = record.get("faces") if isinstance(record, dict) else None
        if not isinstance(faces, list) or not any(f.get("person_id") == person_id for f in faces):
            continue
        record["faces"] = [f | {"person_id": ERASED} if f.get("person_id") == person_id else f for f in faces]
        lines[number] = json.dumps(record)
        changed = True
    if changed:
        # Written beside and renamed over: the old file's blocks are freed, never half-rewritten.
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        os.replace(temporary, path)
