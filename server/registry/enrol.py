"""Enrol reference photos: compute face templates, store them, never the photos."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from detectors.faces import EnrolmentError, FaceAnalyzer
from detectors.images import MAX_BYTES, ImageError, decode_image, taken_on
from server.registry import Registry
from server.registry.consent_import import ConsentFileError, csv_errors, read_text, sniff_dialect
from server.safe_read import FileReadError, InMemory, read_source


@dataclass(frozen=True)
class EnrolResult:
    line: int
    person_id: str
    photo: str
    templates: int  # stored now; 0 when the photo was enrolled before
    error: str = ""  # Dutch, empty when it worked


def read_enrol_file(path: Path) -> list[tuple[int, str, Path]]:
    """(line, person id, photo path) rows; photo paths are relative to the CSV."""
    return [(line, pid, path.parent / photo) for line, pid, photo in enrol_rows(read_text(path))]


def enrol_rows(text: str) -> list[tuple[int, str, str]]:
    """(line, person id, photo as written) rows of a gezichten.csv; ConsentFileError names a wrong file."""
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=sniff_dialect(text))
    with csv_errors(reader):
        reader.fieldnames = [h.strip().lower() for h in reader.fieldnames or []]
        for column in ("leerlingnummer", "foto"):
            if column not in reader.fieldnames:
                raise ConsentFileError(f"Regel 1: de kolom {column} ontbreekt (verwacht: leerlingnummer;foto).")
        return [(reader.line_num, (r["leerlingnummer"] or "").strip(), (r["foto"] or "").strip()) for r in reader]


def enrol_photos(path: Path, registry: Registry, faces: FaceAnalyzer) -> Iterator[EnrolResult]:
    """Enrol every row; a bad photo gets its own message and the others go on."""
    for line, person_id, photo in read_enrol_file(path):
        yield enrol_one(line, person_id, photo, registry, faces)


def enrol_one(line: int, person_id: str, photo: Path | InMemory, registry: Registry, faces: FaceAnalyzer) -> EnrolResult:
    def failed(message: str) -> EnrolResult:
        return EnrolResult(line, person_id, str(photo), 0, message)

    person = registry.person(person_id)
    if person is None or person.left_on:
        return failed(f"{person_id} staat niet (meer) op de toestemmingslijst; importeer die eerst.")
    try:
        data = read_source(photo, MAX_BYTES)
    except FileReadError as error:  # a photo named in gezichten.csv may be /dev/zero or a pipe too
        return failed(f"kan de foto niet lezen: {error.reason}.")
    try:
        templates = faces.enrol(decode_image(data, photo.name).pixels)
    except (ImageError, EnrolmentError) as error:
        return failed(str(error))
    stored = registry.add_templates(
        person_id, templates, hashlib.sha256(data).hexdigest(), dt.datetime.now().isoformat(), taken_on(data)
    )
    return EnrolResult(line, person_id, str(photo), stored)
