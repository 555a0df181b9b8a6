"""/beheer/inschrijven: reference photos, for one person or in bulk (gezichten.csv with its photos, or a zip).

Templates are stored, the photos are not: uploads and the zip are read in
memory. A zip is bounded before it is unpacked (entries and unpacked size),
so a small file cannot make the service hold gigabytes.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

from flask import Blueprint, current_app, flash, redirect, request, url_for

from server.gate import audit_log
from server.registry.consent_import import ConsentFileError, read_text
from server.registry.enrol import EnrolResult, enrol_one, enrol_rows
from server.web.admin import Upload, admin_actor
from server.web.admin_auth import admin_required
from server.web.context import registry
from server.web.errors import ApiError
from server.web.security import CheckSlot

bp = Blueprint("admin_enrol", __name__, url_prefix="/beheer")
CSV_NAME = "gezichten.csv"
MAX_ZIP_ENTRIES = 2000


class BulkError(ValueError):
    """A bulk upload that cannot be used; the message is Dutch."""


@bp.post("/inschrijven")
@admin_required
def enrol():
    """Reference photos for one person."""
    person_id = request.form.get("person_id", "").strip()
    uploads = [f for f in request.files.getlist("photos") if f.filename]
    if not uploads:
        flash("Kies een of meer foto's.", "error")
        return _back(person_id)
    photos = [(number, person_id, Upload(f.filename, f.read())) for number, f in enumerate(uploads, start=1)]
    results = _enrol(photos)
    if results is not None:
        flash(f"{person_id}: {sum(1 for r in results if not r.error)} foto('s) ingeschreven.")
    return _back(person_id)


@bp.post("/inschrijven/bulk")
@admin_required
def enrol_bulk():
    """gezichten.csv (leerlingnummer;foto) with its photos, or one zip holding both."""
    try:
        rows, photos = _bulk_upload()
    except (BulkError, ConsentFileError) as error:
        flash(f"Niets ingeschreven. {error}", "error")
        return _back()
    work = [(line, person_id, photos.get(_key(photo)) or Upload(photo, b"")) for line, person_id, photo in rows]
    results = _enrol(work, missing={line for line, _, photo in rows if _key(photo) not in photos})
    if results is not None:
        stored = sum(1 for r in results if not r.error)
        flash(f"{stored} foto's ingeschreven, {len(results) - stored} overgeslagen.")
    return _back()


def _enrol(work: list[tuple[int, str, Upload]], missing: set[int] = frozenset()) -> list[EnrolResult] | None:
    """Enrol each photo (a missing one is reported), flash what failed and log what was stored."""
    faces = current_app.extensions["poortwachter.gate"].faces
    results = []
    try:
        with CheckSlot():  # the face models are shared with the checks
            for line, person_id, photo in work:
                if line in missing:
                    results.append(EnrolResult(line, person_id, photo.name, 0,
                                               f"de foto {photo.name} zat niet bij de upload."))
                else:
                    results.append(enrol_one(line, person_id, photo, registry(), faces))
    except ApiError as error:
        flash(error.message, "error")
        return None
    stored = [r for r in results if not r.error]
    if stored:
        audit_log.record(registry(), "enrol", len(stored), actor=admin_actor(),
                         people=sorted({r.person_id for r in stored}), failed=len(results) - len(stored))
    for result in results:
        if result.error:
            flash(f"Regel {result.line} ({result.person_id}, {result.photo}): {result.error}", "error")
    return results


def _bulk_upload() -> tuple[list[tuple[int, str, str]], dict[str, Upload]]:
    files = [f for f in request.files.getlist("files") if f.filename]
    if not files:
        raise BulkError(f"Kies {CSV_NAME} met de foto's, of één zip-bestand.")
    uploads = [Upload(f.filename, f.read()) for f in files]
    if len(uploads) == 1 and uploads[0].name.lower().endswith(".zip"):
        uploads = _unzip(uploads[0])
    table = next((u for u in uploads if u.name.lower().endswith(".csv")), None)
    if table is None:
        raise BulkError(f"Er zat geen {CSV_NAME} (kolommen leerlingnummer;foto) bij.")
    photos = {_key(u.name): u for u in uploads if u is not table}
    return enrol_rows(read_text(table)), photos


def _unzip(upload: Upload) -> list[Upload]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
        entries = [e for e in archive.infolist() if not e.is_dir()]
        if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > current_app.config["MAX_CONTENT_LENGTH"]:
            raise BulkError(f"{upload.name} is te groot uitgepakt; stuur de foto's in delen.")
        return [Upload(PurePosixPath(e.filename).name, archive.read(e)) for e in entries
                if not PurePosixPath(e.filename).name.startswith(".")]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError):
        raise BulkError(f"{upload.name} is geen leesbaar zip-bestand.") from None


def _key(photo: str) -> str:
    """A photo is found by its file name: the CSV's paths were relative to a folder on another computer."""
    return PurePosixPath(photo.replace("\\", "/")).name.lower()


def _back(person_id: str = ""):
    """Back to /beheer, with the person picker still on the person just handled."""
    return redirect(url_for("admin.dashboard", persoon=person_id or None) + "#inschrijven")
