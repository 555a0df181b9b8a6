"""/beheer/import: a consent import shows what it will do, and only a confirmation does it.

The preview page carries the uploaded file back in a hidden field (base64), so
nothing is kept between the two requests, on disk or in this process: the
confirmation parses and plans again, and imports only if the plan is still the
one the officer saw.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import tempfile
import tomllib
from contextlib import contextmanager
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from server import config
from server.gate import audit_log
from server.registry.consent_import import BUILTIN_MAPPINGS, ConsentFileError, parse_consent_file
from server.registry.import_plan import ImportPlan, count_by_role, kept_roles_sentence, outcome, plan_import
from server.web.admin import Upload, admin_actor, purge_departed
from server.web.admin_auth import admin_required
from server.web.context import registry

bp = Blueprint("admin_import", __name__, url_prefix="/beheer")


@bp.post("/import")
@admin_required
def preview():
    """Parse the upload and show the plan with a confirm button; changes nothing."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Kies eerst een CSV-bestand.", "error")
        return redirect(url_for("admin.dashboard"))
    mapping_upload = request.files.get("mapping_file")
    form = {
        "name": upload.filename,
        "data": base64.b64encode(upload.read()).decode("ascii"),
        "mapping": request.form.get("mapping") if request.form.get("mapping") in BUILTIN_MAPPINGS else "",
        "mapping_name": mapping_upload.filename if mapping_upload and mapping_upload.filename else "",
        "mapping_data": (base64.b64encode(mapping_upload.read()).decode("ascii")
                         if mapping_upload and mapping_upload.filename else ""),
        "partial": "1" if request.form.get("partial") else "",
    }
    return _show(form)


@bp.post("/import/bevestigen")
@admin_required
def confirm():
    """Import what the preview showed; if the registry changed meanwhile, show the new plan instead."""
    form = {key: request.form.get(key, "") for key in ("name", "data", "mapping", "mapping_name",
                                                          "mapping_data", "partial")}
    try:
        rows, plan = _plan(form)
    except ConsentFileError as error:
        flash(f"Niets geïmporteerd. {error}", "error")
        return redirect(url_for("admin.dashboard"))
    if plan.digest != request.form.get("digest"):
        return _show(form, changed=True)
    reg = registry()
    summary = reg.import_people(rows, full=not form["partial"], now=dt.datetime.now().isoformat(), event=audit_log.event(
        "import", len(rows), actor=admin_actor(), file=form["name"], changed=len(plan.changed),
        returning=len(plan.returning)))
    flash(f"Geïmporteerd uit {form['name']}: {outcome(summary.added, plan, summary.left)}.")
    return redirect(url_for("admin.dashboard"))


def _show(form: dict, changed: bool = False):
    try:
        rows, plan = _plan(form)
    except ConsentFileError as error:
        flash(f"Niets geïmporteerd. {error}", "error")
        return redirect(url_for("admin.dashboard"))
    return render_template("admin_import.html", form=form, plan=plan, read=len(rows), changed=changed,
                           counts=_counts(plan), kept=kept_roles_sentence(plan) if plan.kept_roles else "",
                           retention=config.retention_days(Path(current_app.config["DATA_DIR"])))


def _plan(form: dict) -> tuple[list, ImportPlan]:
    try:
        data = base64.b64decode(form["data"], validate=True)
        mapping_data = base64.b64decode(form["mapping_data"], validate=True)
    except (binascii.Error, ValueError):
        raise ConsentFileError("Het formulier is beschadigd; kies het bestand opnieuw.") from None
    purge_departed()
    with _mapping(form["mapping_name"], mapping_data) as mapping_file:
        rows = parse_consent_file(Upload(form["name"], data), mapping_file or form["mapping"] or None)
    return rows, plan_import(registry(), rows, full=not form["partial"])


def _counts(plan: ImportPlan) -> dict[str, str]:
    return {kind: count_by_role(getattr(plan, kind)) for kind in ("new", "changed", "returning", "leaving")}


@contextmanager
def _mapping(name: str, data: bytes):
    """An uploaded mapping file, checked, as a short-lived file (the library reads mappings from a path).

    A mapping holds column names only, no personal data, so a file in the
    private data directory for the length of this request is harmless.
    """
    if not name:
        yield None
        return
    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConsentFileError(f"Het koppelbestand {name} is geen geldige TOML: {error}.") from None
    with tempfile.NamedTemporaryFile("wb", suffix=".toml", dir=current_app.config["DATA_DIR"],
                                     delete=False) as handle:
        handle.write(data)
    try:
        yield Path(handle.name)
    finally:
        Path(handle.name).unlink(missing_ok=True)
