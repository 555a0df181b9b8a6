"""Batch mode: one draft per JSON line in, one verdict per line out, models loaded once."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from detectors.images import MAX_BYTES, ImageError
from server.cli.dutch import ACCOUNT_WORDS, CHANNEL_WORDS
from server.gate.gate import Draft, DraftError, Gate
from server.gate.policy import SEVERITY_ORDER
from server.registry import Registry
from server.safe_read import FileReadError, read_regular_file


def run_batch(lines: Iterable[str], gate: Gate, registry: Registry, today: dt.date,
              emit: Callable[[str], None], base: Path = Path(".")) -> str:
    """Check every line in order; a bad line gets an error verdict and the rest go on.

    Photos are named relative to `base` (the folder of the .jsonl file).
    Returns the worst decision, or "error" if any line could not be checked.
    """
    worst = "allow"
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            draft = _draft(line, base)
            verdict = gate.check(draft, registry, today, source="batch").verdict
        except (ValueError, DraftError, ImageError) as error:
            emit(json.dumps({"line": number, "decision": "error",
                             "error": {"code": "bad_draft", "message": str(error)}}, ensure_ascii=False))
            worst = "error"
            continue
        emit(json.dumps({"line": number, **verdict}, ensure_ascii=False))
        if worst != "error" and SEVERITY_ORDER[verdict["decision"]] > SEVERITY_ORDER[worst]:
            worst = verdict["decision"]
    return worst


def _draft(line: str, base: Path) -> Draft:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise DraftError(f"Deze regel is geen geldige JSON (kolom {error.colno}).") from None
    if not isinstance(item, dict):
        raise DraftError("Verwacht een JSON-object met text, channel, account en images.")
    images = []
    for name in item.get("images") or []:
        path = base / str(name)
        try:
            images.append((path.name, read_regular_file(path, MAX_BYTES)))
        except FileReadError as error:
            raise DraftError(str(error)) from None
    channel, account = str(item.get("channel") or "social_media"), str(item.get("account") or "school")
    # The Dutch words of the command line work here too (sociale_media, persoonlijk).
    return Draft(images, str(item.get("text") or ""), CHANNEL_WORDS.get(channel, channel),
                 ACCOUNT_WORDS.get(account, account))
