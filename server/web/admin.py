"""/beheer: the privacy officer keeps the consent list and reads the audit log.

Routes are thin: the consent import, the enrolment, withdrawals and erasure
are the same library calls the command line makes. Uploaded files are read
from memory and never stored; of a reference photo only templates are kept.
"""
from __future__ import annotations

import datetime as dt
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from server import config
from server.gate.consent import CHANNEL_LABELS, consent_status, school_year
from server.gate.labels import STATUS_LABELS
from server.registry import CHANNELS
from server.registry.consent_import import BUILTIN_MAPPINGS, ConsentFileError, parse_consent_file
from server.web import admin_auth
from server.web.admin_auth import PasswordError, admin_required
from server.web.context import registry
from server.web.errors import ApiError
from server.web.security import CheckSlot

bp = Blueprint("admin", __name__, url_prefix="/beheer")
AUDIT_LIMIT = 300


@dataclass(frozen=True)
class Upload:
    """An uploaded file shaped like the Path the library reads (read_bytes, name), kept in memory."""

    name: str
    data: bytes

    def read_bytes(self) -> bytes:
        return self.data

    def __str__(self) -> str:
        return self.name


def _today() -> dt.date:
    return config.today(current_app.config["TODAY"])


@bp.route("/instellen", methods=["GET", "POST"])
def setup():
    """First start: choose the admin password."""
    if admin_auth.stored_hash() is not None:
        return redirect(url_for("admin.login"))
    if request.method == "POST":
        password = request.form.get("password", "")
        try:
            admin_auth.set_password(password, request.form.get("repeat", ""), first=True)
        except PasswordError as error:
            return render_template("admin_setup.html", error=str(error)), 400
        admin_auth.log_in(password)
        flash("Het beheerwachtwoord is ingesteld.")
        return redirect(url_for("admin.dashboard"))
    return render_template("admin_setup.html")


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if admin_auth.stored_hash() is None:
        return redirect(url_for("admin.setup"))
    if request.method == "POST":
        if admin_auth.log_in(request.form.get("password", "")):
            return redirect(url_for("admin.dashboard"))
        return render_template("admin_login.html", error="Dat wachtwoord klopt niet."), 403
    return render_template("admin_login.html")


@bp.post("/uitloggen")
def logout():
    admin_auth.log_out()
    return redirect(url_for("admin.login"))


@bp.get("")
@admin_required
def dashboard():
    reg, day = registry(), _today()
    people = [
        {"person": p, "templates": reg.template_count(p.id),
         "statuses": {c: consent_status(p, reg.consents(p.id, c), c, day).status for c in CHANNELS}}
        for p in reg.people()
    ]
    return render_template("admin.html", people=people, channels=CHANNEL_LABELS, labels=STATUS_LABELS,
                           mappings=BUILTIN_MAPPINGS, school_year=school_year(day), today=day.isoformat())


@bp.post("/import")
@admin_required
def import_consents():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Kies eerst een CSV-bestand.", "error")
        return redirect(url_for("admin.dashboard"))
    mapping_file: Path | None = None
    try:
        mapping_file = _uploaded_mapping()
        mapping = mapping_file or (request.form.get("mapping") if request.form.get("mapping") in BUILTIN_MAPPINGS
                                   else None)
        rows = parse_consent_file(Upload(upload.filename, upload.read()), mapping)
        summary = registry().import_people(rows, full=not request.form.get("partial"),
                                           now=dt.datetime.now().isoformat())
    except ConsentFileError as error:
        flash(f"Niets geïmporteerd. {error}", "error")
        return redirect(url_for("admin.dashboard"))
    finally:
        if mapping_file is not None:
            mapping_file.unlink(missing_ok=True)
    flash(f"{len(rows)} personen gelezen: {summary.added} nieuw, {summary.updated} bijgewerkt, "
          f"{summary.left} als vertrokken gemarkeerd.")
    return redirect(url_for("admin.dashboard"))


def _uploaded_mapping() -> Path | None:
    """An uploaded mapping file, checked, as a short-lived file (the library reads mappings from a path).

    A mapping holds column names only, no personal data, so a file in the
    private data directory for the length of this request is harmless.
    """
    upload = request.files.get("mapping_file")
    if upload is None or not upload.filename:
        return None
    data = upload.read()
    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConsentFileError(f"Het koppelbestand {upload.filename} is geen geldige TOML: {error}.") from None
    with tempfile.NamedTemporaryFile("wb", suffix=".toml", dir=current_app.config["DATA_DIR"],
                                     delete=False) as handle:
        handle.write(data)
    return Path(handle.name)


@bp.post("/inschrijven")
@admin_required
def enrol():
    """Reference photos for one person: templates are stored, the photos are not."""
    from server.registry.enrol import enrol_one

    person_id = request.form.get("person_id", "").strip()
    uploads = [f for f in request.files.getlist("photos") if f.filename]
    if not uploads:
        flash("Kies een of meer foto's.", "error")
        return redirect(url_for("admin.dashboard"))
    faces = current_app.extensions["poortwachter.gate"].faces
    try:
        with CheckSlot():  # the face models are shared with the checks
            results = [enrol_one(number, person_id, Upload(f.filename, f.read()), registry(), faces)
                       for number, f in enumerate(uploads, start=1)]
    except ApiError as error:
        flash(error.message, "error")
        return redirect(url_for("admin.dashboard"))
    stored = [r for r in results if not r.error]
    flash(f"{person_id}: {len(stored)} foto('s) ingeschreven.")
    for result in results:
        if result.error:
            flash(f"{result.photo}: {result.error}", "error")
    return redirect(url_for("admin.dashboard"))


@bp.post("/intrekken")
@admin_required
def withdraw():
    person_id, channel = request.form.get("person_id", "").strip(), request.form.get("channel", "")
    person = registry().person(person_id)
    if person is None:
        flash(f"{person_id} staat niet op de toestemmingslijst.", "error")
        return redirect(url_for("admin.dashboard"))
    day = _today()
    channels = [channel] if channel in CHANNELS else list(CHANNELS)
    registry().withdraw(person_id, school_year(day), channels, day.isoformat())
    where = CHANNEL_LABELS[channel] if channel in CHANNELS else "alle kanalen"
    flash(f"Toestemming van {person.name} voor {where} ingetrokken per {day.isoformat()}.")
    return redirect(url_for("admin.dashboard"))


@bp.post("/verwijderen")
@admin_required
def erase():
    person_id = request.form.get("person_id", "").strip()
    if request.form.get("confirm", "").strip() != person_id:
        flash("Typ ter bevestiging het leerlingnummer nog een keer.", "error")
    elif registry().erase(person_id):
        flash(f"{person_id} is verwijderd, met alle toestemmingen en gezichtskenmerken.")
    else:
        flash(f"{person_id} staat niet op de toestemmingslijst.", "error")
    return redirect(url_for("admin.dashboard"))


@bp.get("/auditlog")
@admin_required
def audit():
    """Who checked what and when: decisions, kinds, person ids, override reasons; no photos or texts."""
    return render_template("admin_audit.html", entries=registry().audit_entries(AUDIT_LIMIT), limit=AUDIT_LIMIT)
