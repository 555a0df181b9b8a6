"""What a scan tells its reader: the takedown worklist, an HTML report and a CSV.

The HTML report is one file with everything inline (thumbnails as data URIs,
no external styles or scripts), so it opens offline and can be mailed
internally. The CSV guards every cell against formula injection.
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jinja2

from server.config import write_private
from server.gate.consent import CHANNEL_LABELS, consent_status
from server.gate.labels import DECISION_LABELS, STATUS_LABELS, dutch_date, face_colour, time_ranges
from server.registry import Registry
from server.scan.scan import PhotoResult

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Takedown:
    """A photo that must come down: someone in it lost consent since the given date."""

    path: str
    person_id: str
    name: str
    status: str
    reason: str  # Dutch


def takedown_list(results: list[PhotoResult], registry: Registry, channel: str, since: dt.date,
                  today: dt.date) -> list[Takedown]:
    """Photos with a person whose consent held on `since` (or was withdrawn on or after it) and not today."""
    lost: dict[str, tuple[str, str, str] | None] = {}
    items: list[Takedown] = []
    for result in results:
        for person_id in result.person_ids:
            if person_id not in lost:
                lost[person_id] = _lost_since(registry, person_id, channel, since, today)
            if lost[person_id]:
                name, status, reason = lost[person_id]
                items.append(Takedown(result.path, person_id, name, status, reason))
    return items


def _lost_since(registry: Registry, person_id: str, channel: str, since: dt.date,
                today: dt.date) -> tuple[str, str, str] | None:
    person = registry.person(person_id)
    if person is None:  # erased: nobody left to ask about
        return None
    consents = registry.consents(person_id, channel)
    now = consent_status(person, consents, channel, today)
    if now.status == "consented":
        return None
    cut = since.isoformat()
    withdrawn_since = any(c.withdrawn_on and c.withdrawn_on >= cut for c in consents)
    # How things stood on `since`: withdrawals and departures after it had not happened yet.
    then_consents = [dataclasses.replace(c, withdrawn_on=None) if c.withdrawn_on and c.withdrawn_on > cut else c
                     for c in consents]
    then_person = person if not person.left_on or person.left_on <= cut else dataclasses.replace(person, left_on=None)
    then = consent_status(then_person, then_consents, channel, since)
    if withdrawn_since or then.status == "consented":
        return person.name, now.status, now.message
    return None


def _people(results: list[PhotoResult], registry: Registry) -> dict[str, str]:
    names: dict[str, str] = {}
    for result in results:
        for person_id in result.person_ids:
            if person_id not in names:
                person = registry.person(person_id)
                names[person_id] = person.name if person else f"{person_id} (verwijderd)"
    return names


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ would make it a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(path: Path, results: list[PhotoResult], registry: Registry,
              takedowns: list[Takedown] | None = None) -> None:
    """One row per photo: path, decision, faces, who with which status, GPS, error, takedown."""
    names = _people(results, registry)
    takedown_by_path: dict[str, list[str]] = {}
    for item in takedowns or []:
        takedown_by_path.setdefault(item.path, []).append(item.reason)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    header = ["pad", "beslissing", "gezichten", "personen", "onbekend", "niet_herkenbaar", "gps", "fout"]
    if takedowns is not None:
        header.append("verwijderen")
    writer.writerow(header)
    for r in results:
        people = "; ".join(
            f"{f['person_id']} {names[f['person_id']]} ({_label(f)})"
            for f in r.faces if f.get("person_id")
        )
        counts = Counter(f["status"] for f in r.faces)
        row = [r.path, DECISION_LABELS[r.decision], len(r.faces), people, counts["unknown"],
               counts["not_recognisable"], "ja" if r.gps else "nee", r.error]
        if takedowns is not None:
            row.append(" ".join(takedown_by_path.get(r.path, [])))
        writer.writerow([csv_cell(v) for v in row])
    write_private(path, buffer.getvalue().encode("utf-8-sig"))  # Excel reads UTF-8 only with the BOM


# The to-do list's groups: why a photo would be blocked today, most common first.
BLOCK_REASONS = ("no_consent", "expired", "withdrawn", "needs_own_consent")
DECISION_ORDER = {"block": 0, "warn": 1, "error": 2, "allow": 3}


def todo_groups(results: list[PhotoResult], names: dict[str, str]) -> list[dict]:
    """Blocked photos grouped by reason, each with the people it concerns; a photo with two reasons is in both."""
    groups = []
    for reason in BLOCK_REASONS:
        items = []
        for r in results:
            people = sorted({f"{f['person_id']} {names.get(f['person_id'], '')}".strip()
                             for f in r.faces if f["status"] == reason and f.get("person_id")})
            if people or any(f["status"] == reason for f in r.faces):
                items.append({"path": r.path, "people": people})
        if items:
            groups.append({"status": reason, "label": STATUS_LABELS[reason], "items": items})
    return groups


def write_html(path: Path, folder: Path, results: list[PhotoResult], thumbs: dict[str, str],
               registry: Registry, channel: str, today: dt.date,
               takedowns: list[Takedown] | None = None, since: dt.date | None = None) -> None:
    """The self-contained report."""
    names = _people(results, registry)
    photos = []
    # Worst first, then by folder: the officer works from the top.
    for r in sorted(results, key=lambda r: (DECISION_ORDER[r.decision], r.path)):
        faces = [
            {**f, "colour": face_colour(f["status"]), "label": _label(f),
             "name": names.get(f.get("person_id") or "", ""),
             "style": _box_style(f["box"], r.width, r.height) if f.get("shown", True) else "display:none"}
            for f in r.faces
        ]
        photos.append({"result": r, "thumb": thumbs.get(r.path, ""), "faces": faces,
                       "decision_label": DECISION_LABELS[r.decision]})
    counts = Counter(r.decision for r in results)
    environment = jinja2.Environment(loader=jinja2.PackageLoader("server", "templates"),
                                     autoescape=True, trim_blocks=True, lstrip_blocks=True)
    html = environment.get_template("scan_report.html").render(
        folder=str(folder), channel=CHANNEL_LABELS[channel], today=dutch_date(today.isoformat()), photos=photos,
        counts={k: counts.get(k, 0) for k in DECISION_LABELS}, labels=DECISION_LABELS, total=len(results),
        takedowns=takedowns, since=dutch_date(since.isoformat()) if since else None,
        todo=todo_groups(results, names), anchors={p["result"].path: f"foto-{i}" for i, p in enumerate(photos)},
        created=dt.datetime.now().strftime("%d-%m-%Y %H:%M"),
    )
    write_private(path, html.encode("utf-8"))


def _label(face: dict) -> str:
    """The status, and for a face in a video the times it is on screen."""
    status = STATUS_LABELS[face["status"]]
    return f"{status}, {time_ranges(face['ranges'])}" if face.get("ranges") else status


def _box_style(box: list[int], width: int, height: int) -> str:
    """A box as percentages, so it sits on the thumbnail whatever size it is shown at."""
    if not width or not height:
        return "display:none"
    x, y, w, h = box
    return (f"left:{100 * x / width:.2f}%;top:{100 * y / height:.2f}%;"
            f"width:{100 * w / width:.2f}%;height:{100 * h / height:.2f}%")
