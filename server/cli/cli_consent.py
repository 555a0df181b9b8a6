"""`poortwachter consent`: import (with a preview), withdraw, erase and list the consent list."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from server import config
from server.cli.common import (UserError, common_options, confirm, data_dir, handle_errors, open_registry,
                               purge_departed, today)
from server.cli.dutch import CHANNEL, DutchGroup
from server.gate import audit_log
from server.gate.consent import CHANNEL_LABELS, school_year
from server.gate.labels import STATUS_LABELS, dutch_date
from server.gate.reference_photos import summarise
from server.registry import CHANNELS
from server.registry.consent_import import parse_consent_file


@click.group(cls=DutchGroup)
@common_options
def consent() -> None:
    """Beheer de toestemmingslijst."""


@consent.command("import")
@common_options
@click.argument("file", metavar="BESTAND", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", help="Koppelbestand (TOML) of magister, parnassys, somtoday.")
@click.option("--partial", is_flag=True,
              help="Alleen bijwerken wie in het bestand staat; niemand als vertrokken markeren.")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Niet om bevestiging vragen (voor scripts).")
@handle_errors
def consent_import(file: Path, mapping: str | None, partial: bool, assume_yes: bool) -> None:
    """Importeer de toestemmingslijst uit de leerlingadministratie.

    Toont eerst wat er verandert (nieuw, gewijzigd, wie vertrekt) en vraagt dan om bevestiging.
    Alleen wie een rol heeft die in het bestand voorkomt, kan als vertrokken worden gemarkeerd.

    Voorbeeld: poortwachter consent import leerlingen.csv --mapping magister
    """
    from server.registry.import_plan import describe, outcome, plan_import

    rows = parse_consent_file(file, mapping)
    registry, directory = open_registry(), data_dir()
    purge_departed(registry)
    plan = plan_import(registry, rows, full=not partial)
    click.echo(f"{len(rows)} personen gelezen uit {file.name}.")
    for line in describe(plan, config.retention_days(directory)):
        click.echo(line)
    if not plan.does_something:
        click.echo("Er verandert niets.")
        return
    if not assume_yes and not confirm("Importeren?"):
        raise UserError("Niets geïmporteerd: niet bevestigd (in een script: --yes).")
    summary = registry.import_people(rows, full=not partial, now=dt.datetime.now().isoformat(), event=audit_log.event(
        "import", len(rows), file=file.name, changed=len(plan.changed), returning=len(plan.returning)))
    click.echo(f"Geïmporteerd: {outcome(summary.added, plan, summary.left)}.")


@consent.command("withdraw")
@common_options
@click.argument("person_id", metavar="LEERLINGNUMMER")
@click.option("--channel", type=CHANNEL, help="Alleen dit kanaal; zonder: alle kanalen.")
@handle_errors
def consent_withdraw(person_id: str, channel: str | None) -> None:
    """Trek toestemming in voor dit schooljaar.

    Voorbeeld: poortwachter consent withdraw L1001 --channel social_media
    """
    registry = open_registry()
    person = registry.person(person_id)
    if person is None:
        raise UserError(f"{person_id} staat niet op de toestemmingslijst.")
    day = today()
    registry.withdraw(person_id, school_year(day), [channel] if channel else CHANNELS, day.isoformat())
    audit_log.record(registry, "withdraw", 1, person_id=person_id, channel=channel, date=day.isoformat())
    where = CHANNEL_LABELS[channel] if channel else "alle kanalen"
    click.echo(f"Toestemming van {person.name} voor {where} ingetrokken per {dutch_date(day.isoformat())}.")


@consent.command("erase")
@common_options
@click.argument("person_id", metavar="LEERLINGNUMMER")
@handle_errors
def consent_erase(person_id: str) -> None:
    """Verwijder een persoon met alle toestemmingen en gezichtskenmerken.

    Voorbeeld: poortwachter consent erase L1017
    """
    from server.registry.erasure import erase_person

    registry = open_registry()
    person = registry.person(person_id)
    if person is None or not erase_person(registry, data_dir(), person_id):
        raise UserError(f"{person_id} staat niet op de toestemmingslijst.")
    audit_log.record(registry, "erase", 1, role=person.role)
    click.echo(f"{person_id} is verwijderd, met alle toestemmingen en gezichtskenmerken.")


@consent.command("list")
@common_options
@click.option("--channel", type=CHANNEL, help="Alleen dit kanaal; zonder: alle kanalen.")
@click.option("--json", "as_json", is_flag=True, help="Als JSON, met de codes.")
@handle_errors
def consent_list(channel: str | None, as_json: bool) -> None:
    """Toon wie er op de lijst staat en de status per kanaal.

    Voorbeeld: poortwachter consent list --channel website
    """
    from server.gate.consent import consent_status

    registry, day = open_registry(), today()
    channels = [channel] if channel else list(CHANNELS)
    rows, photos = [], registry.reference_photos()
    for person in registry.people():
        statuses = {c: consent_status(person, registry.consents(person.id, c), c, day).status for c in channels}
        rows.append({"id": person.id, "name": person.name, "role": person.role, "group": person.class_group,
                     "templates": registry.template_count(person.id),
                     "reference_photos": summarise(person, photos.get(person.id, []), day).photos,
                     "status": statuses})
    if as_json:
        click.echo(json.dumps({"date": day.isoformat(), "people": rows}, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("Er is nog geen toestemmingslijst. Importeer er een: poortwachter consent import BESTAND.")
        return
    header = ["Nummer", "Naam", "Rol", "Groep", "Foto's", *(CHANNEL_LABELS[c].removeprefix("de ") for c in channels)]
    table = [[r["id"], r["name"], r["role"], r["group"], str(r["reference_photos"]),
              *(STATUS_LABELS[r["status"][c]] for c in channels)] for r in rows]
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    click.echo(f"Toestemming per {dutch_date(day.isoformat())} (schooljaar {school_year(day)}):")
    for row in [header, *table]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
