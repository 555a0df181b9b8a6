"""/beheer: the privacy officer keeps the consent list and reads the audit log.

Routes are thin: the consent import, the enrolment, withdrawals and erasure
are the same library calls the command line makes. Uploaded files are read
from memory and never stored; of a reference photo only templates are kept.
"""
from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from server import config
from server.gate.consent import CHANNEL_LABELS, consent_status, school_year
from server.gate.labels import STATUS_LABELS, dutch_date
from server.gate.reference_photos import summarise
from server.registry import CHANNELS
from server.gate import audit_log
from server.registry.consent_import import BUILTIN_MAPPINGS
from server.registry.erasure import erase_person
from server.web import admin_auth
from server.auth.passwords import PasswordError, verify_password
from server.web.admin_auth import admin_required
from server.web.context import registry
from server.web.pairing import unpair

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


def admin_actor() -> str:
    """Who did it, for the audit log: the privacy officer signed in on this computer's account."""
    return f"beheer ({getpass.getuser()})"


def purge_departed() -> None:
    """Templates of people marked as left go once the retention period has passed."""
    cutoff = config.purge_cutoff(Path(current_app.config["DATA_DIR"]), _today())
    purged = registry().purge_departed(cutoff)
    if purged:
        audit_log.record(registry(), "purge", purged, actor=admin_actor(), before=cutoff)


def _store_password(password: str, *, first: bool, template: str, done: str):
    """Set the password (first time or change), sign in with it, or show why it was refused."""
    try:
        admin_auth.set_password(password, request.form.get("repeat", ""), first=first)
    except PasswordError as error:
        return render_template(template, error=str(error)), 400
    audit_log.record(registry(), "password", actor=admin_actor(), first=first)
    admin_auth.log_in(password)
    flash(done)
    return redirect(url_for("admin.dashboard"))


@bp.route("/instellen", methods=["GET", "POST"])
def setup():
    """First start: choose the admin password."""
    if admin_auth.stored_hash() is not None:
        return redirect(url_for("admin.login"))
    if request.method == "POST":
        return _store_password(request.form.get("password", ""), first=True, template="admin_setup.html",
                               done="Het beheerwachtwoord is ingesteld.")
    return render_template("admin_setup.html")


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if admin_auth.stored_hash() is None:
        return redirect(url_for("admin.setup"))
    if request.method == "POST":
        throttle, client = admin_auth.throttle(), admin_auth.client_key()
        wait = throttle.wait_seconds(client)
        if not wait and admin_auth.log_in(request.form.get("password", "")):
            throttle.succeeded(client)
            return redirect(url_for("admin.dashboard"))
        wait = wait or throttle.failed(client)
        if wait:  # answered at once: the guesser waits, no server thread does
            error = f"Te vaak een verkeerd wachtwoord. Probeer het over {wait} seconden opnieuw."
            return render_template("admin_login.html", error=error), 429, {"Retry-After": str(wait)}
        return render_template("admin_login.html", error="Dat wachtwoord klopt niet."), 403
    return render_template("admin_login.html")


@bp.post("/uitloggen")
def logout():
    admin_auth.log_out()
    return redirect(url_for("admin.login"))


@bp.route("/wachtwoord", methods=["GET", "POST"])
@admin_required
def change_password():
    """A new password ends every other session that was opened with the old one."""
    if request.method == "POST":
        current, new = request.form.get("current", ""), request.form.get("password", "")
        throttle, client = admin_auth.throttle(), admin_auth.client_key()
        wait = throttle.wait_seconds(client)
        if wait or not verify_password(admin_auth.stored_hash() or "", current):
            wait = wait or throttle.failed(client)
            error = (f"Te vaak een verkeerd wachtwoord. Probeer het over {wait} seconden opnieuw." if wait
                     else "Het huidige wachtwoord klopt niet.")
            return render_template("admin_password.html", error=error), 429 if wait else 403
        throttle.succeeded(client)
        return _store_password(new, first=False, template="admin_password.html",
                               done="Het beheerwachtwoord is gewijzigd; andere sessies zijn beëindigd.")
    return render_template("admin_password.html")


@bp.get("")
@admin_required
def dashboard():
    reg, day = registry(), _today()
    purge_departed()
    photos = reg.reference_photos()
    people = [
        {"person": p, "photos": summarise(p, photos.get(p.id, []), day),
         "statuses": {c: consent_status(p, reg.consents(p.id, c), c, day).status for c in CHANNELS}}
        for p in reg.people()
    ]
    reenrol = [row["person"] for row in people if row["photos"].needs_enrolment]
    return render_template("admin.html", people=people, channels=CHANNEL_LABELS, labels=STATUS_LABELS, reenrol=reenrol,
                           mappings=BUILTIN_MAPPINGS, school_year=school_year(day), today=dutch_date(day.isoformat()),
                           chosen=request.args.get("persoon", ""),
                           tokens=reg.tokens())


@bp.post("/ontkoppelen")
@admin_required
def revoke_token():
    """Unpair one extension: its token stops working at once."""
    name = unpair(registry(), request.form.get("token_id", "").strip(), actor=admin_actor())
    if name is not None:
        flash(f"De extensie '{name}' is ontkoppeld; ze moet opnieuw koppelen met een nieuwe koppelcode.")
    else:
        flash("Deze extensie was al ontkoppeld.", "error")
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
    audit_log.record(registry(), "withdraw", 1, actor=admin_actor(), person_id=person_id,
                     channel=channel if channel in CHANNELS else None, date=day.isoformat())
    where = CHANNEL_LABELS[channel] if channel in CHANNELS else "alle kanalen"
    flash(f"Toestemming van {person.name} voor {where} ingetrokken per {dutch_date(day.isoformat())}.")
    return redirect(url_for("admin.dashboard", persoon=person_id) + "#intrekken")


@bp.post("/verwijderen")
@admin_required
def erase():
    person_id = request.form.get("person_id", "").strip()
    if request.form.get("confirm", "").strip() != person_id:
        flash("Typ ter bevestiging het leerlingnummer nog een keer.", "error")
    elif (person := registry().person(person_id)) and erase_person(registry(), Path(current_app.config["DATA_DIR"]),
                                                                    person_id):
        audit_log.record(registry(), "erase", 1, actor=admin_actor(), role=person.role)
        flash(f"{person_id} is verwijderd, met alle toestemmingen en gezichtskenmerken.")
    else:
        flash(f"{person_id} staat niet op de toestemmingslijst.", "error")
    return redirect(url_for("admin.dashboard"))


@bp.get("/auditlog")
@admin_required
def audit():
    """Checks and administrative events, in Dutch and local time; no photos or texts."""
    return render_template("admin_audit.html", lines=audit_log.lines(registry(), AUDIT_LIMIT), limit=AUDIT_LIMIT)
