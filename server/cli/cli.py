"""The `poortwachter` command: thin shells over the library, Dutch messages, exit codes.

Exit status of `check`: 0 allow, 1 warn, 2 block, 3 or more an error.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from server.cli.cli_scan import scan
from server.cli.cli_serve import pair, serve
from server.cli.common import (EXIT_CODES, EXIT_ERROR, EXIT_PARTIAL, UserError, common_options, data_dir, handle_errors,
                               open_registry, today)
from server.gate.consent import CHANNEL_LABELS, school_year
from server.registry import CHANNELS
from server.registry.consent_import import parse_consent_file


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(package_name="poortwachter")
def main() -> None:
    """Poortwachter: controleer foto's en tekst vóór publicatie."""


main.add_command(serve)
main.add_command(pair)


# check ------------------------------------------------------------------


@main.command()
@common_options
@click.option("--channel", type=click.Choice(list(CHANNEL_LABELS)), default="social_media", show_default=True)
@click.option("--account", type=click.Choice(["school", "personal"]), default="school", show_default=True)
@click.option("--text", "text", help="De tekst van het bericht.")
@click.option("--text-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Lees de tekst uit een bestand.")
@click.option("--jsonl", type=click.File("r", encoding="utf-8"),
              help="Eén concept per regel (text, channel, account, images); één oordeel per regel.")
@click.option("--json", "as_json", is_flag=True, help="Geef het oordeel als JSON.")
@click.argument("images", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def check(channel: str, account: str, text: str | None, text_file: Path | None, jsonl, as_json: bool,
          images: tuple[Path, ...]) -> None:
    """Controleer foto's en tekst vóór publicatie.

    Voorbeeld: poortwachter check --channel website --text "Groep 5 op excursie" klas.jpg

    Exitstatus: 0 toegestaan, 1 waarschuwing, 2 geblokkeerd, 3 fout.
    """
    from server.cli.batch import run_batch
    from server.gate.gate import Draft, Gate

    if jsonl is not None:
        if text or text_file or images:
            raise UserError("--jsonl gaat niet samen met --text, --text-file of foto's.")
        gate = Gate(data_dir())
        try:
            worst = run_batch(jsonl, gate, open_registry(), today(), click.echo)
        finally:
            gate.close()
        sys.exit(EXIT_CODES.get(worst, EXIT_ERROR))
    if text and text_file:
        raise UserError("Gebruik --text of --text-file, niet allebei.")
    if text_file:
        text = _read_text_file(text_file)
    if not images and not text:
        raise UserError("Geef een of meer foto's en/of een tekst (--text) om te controleren.")
    draft = Draft([(p.name, _read_image_file(p)) for p in images], text or "", channel, account)
    gate = Gate(data_dir())
    try:
        verdict = gate.check(draft, open_registry(), today(), source="cli").verdict
    finally:
        gate.close()
    click.echo(json.dumps(verdict, ensure_ascii=False, indent=2) if as_json else render_verdict(verdict, images))
    sys.exit(EXIT_CODES[verdict["decision"]])


def _read_image_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UserError(f"Kan {path} niet lezen: {error.strerror}.") from None


def _read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path} is geen UTF-8-tekstbestand.") from None


DECISION_WORDS = {"allow": "TOEGESTAAN", "warn": "WAARSCHUWING", "block": "GEBLOKKEERD"}


def render_verdict(verdict: dict, images: tuple[Path, ...] = ()) -> str:
    """The verdict as a few Dutch lines for a terminal."""
    lines = [f"Oordeel: {DECISION_WORDS[verdict['decision']]} ({CHANNEL_LABELS[verdict['channel']]})"]
    for finding in verdict["findings"]:
        if finding["kind"] == "face":
            where = images[finding["image"]].name if finding["image"] < len(images) else f"foto {finding['image'] + 1}"
            x, y, w, h = finding["box"]
            place = f"{where} [{x},{y} {w}×{h}]"
        elif finding["kind"] == "text":
            place = f"tekst {finding['start']}-{finding['end']} \"{finding['text']}\""
        else:
            place = images[finding["image"]].name if finding.get("image", 99) < len(images) else "foto"
        lines.append(f"  {finding['severity']:5}  {place}: {finding['message']}")
    if not verdict["findings"]:
        lines.append("  Niets gevonden.")
    return "\n".join(lines)


# consent ------------------------------------------------------------------


@main.group()
@common_options
def consent() -> None:
    """Beheer de toestemmingslijst."""


@consent.command("import")
@common_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", help="Koppelbestand (TOML) of magister, parnassys, somtoday.")
@click.option("--partial", is_flag=True,
              help="Alleen bijwerken wie in het bestand staat; niemand als vertrokken markeren.")
@handle_errors
def consent_import(file: Path, mapping: str | None, partial: bool) -> None:
    """Importeer de toestemmingslijst uit de leerlingadministratie.

    Voorbeeld: poortwachter consent import leerlingen.csv --mapping magister
    """
    rows = parse_consent_file(file, mapping)
    summary = open_registry().import_people(rows, full=not partial, now=dt.datetime.now().isoformat())
    click.echo(f"{len(rows)} personen gelezen: {summary.added} nieuw, {summary.updated} bijgewerkt, "
               f"{summary.left} als vertrokken gemarkeerd.")


@consent.command("withdraw")
@common_options
@click.argument("person_id")
@click.option("--channel", type=click.Choice(list(CHANNELS)), help="Alleen dit kanaal; zonder: alle kanalen.")
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
    where = CHANNEL_LABELS[channel] if channel else "alle kanalen"
    click.echo(f"Toestemming van {person.name} voor {where} ingetrokken per {day.isoformat()}.")


@consent.command("erase")
@common_options
@click.argument("person_id")
@handle_errors
def consent_erase(person_id: str) -> None:
    """Verwijder een persoon met alle toestemmingen en gezichtskenmerken.

    Voorbeeld: poortwachter consent erase L1017
    """
    if not open_registry().erase(person_id):
        raise UserError(f"{person_id} staat niet op de toestemmingslijst.")
    click.echo(f"{person_id} is verwijderd, met alle toestemmingen en gezichtskenmerken.")


@consent.command("list")
@common_options
@click.option("--channel", type=click.Choice(list(CHANNELS)), default="social_media", show_default=True)
@handle_errors
def consent_list(channel: str) -> None:
    """Toon wie er op de lijst staat en de status per kanaal."""
    from server.gate.consent import consent_status

    registry, day = open_registry(), today()
    for person in registry.people():
        status = consent_status(person, registry.consents(person.id, channel), channel, day)
        click.echo(f"{person.id:8} {person.name:28} {registry.template_count(person.id):3} kenmerken  {status.status}")


@main.group()
@common_options
def school() -> None:
    """Het schoolprofiel: eigen contactgegevens die nooit een bevinding zijn."""


@school.command("import")
@common_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def school_import(file: Path) -> None:
    """Neem school.toml over in de datamap.

    Voorbeeld: poortwachter school import school.toml
    """
    import tomllib

    from detectors.text import SchoolProfile

    try:
        tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UserError(f"{file} is geen geldig TOML-bestand: {error}.") from None
    target = data_dir() / "school.toml"
    target.write_text(file.read_text(encoding="utf-8"), encoding="utf-8")
    target.chmod(0o600)
    click.echo(f"Schoolprofiel van {SchoolProfile.from_toml(target).name or 'de school'} opgeslagen.")


# enrol ------------------------------------------------------------------


@main.command()
@common_options
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def enrol(file: Path) -> None:
    """Schrijf referentiefoto's in (kolommen leerlingnummer;foto, paden relatief aan het CSV-bestand).

    De foto's zelf worden niet bewaard, alleen gezichtskenmerken.

    Voorbeeld: poortwachter enrol gezichten.csv
    """
    from detectors.faces import FaceAnalyzer
    from server.registry.enrol import enrol_photos

    registry, faces, failures, stored = open_registry(), FaceAnalyzer(workers=1), 0, 0
    try:
        for result in enrol_photos(file, registry, faces):
            if result.error:
                failures += 1
                click.echo(f"Regel {result.line} ({result.person_id}, {result.photo}): {result.error}", err=True)
            else:
                stored += 1
    finally:
        faces.close()
    click.echo(f"{stored} foto's ingeschreven, {failures} overgeslagen.")
    if failures:
        sys.exit(EXIT_PARTIAL)


# audit ------------------------------------------------------------------


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", default=50, show_default=True, type=int)
@handle_errors
def audit(as_json: bool, limit: int) -> None:
    """Toon de laatste beslissingen (geen foto's of teksten)."""
    entries = open_registry().audit_entries(limit)
    if as_json:
        click.echo(json.dumps({"entries": entries}, ensure_ascii=False, indent=2))
        return
    for e in entries:
        reason = f"  reden: {e['override_reason']}" if e["override_reason"] else ""
        click.echo(f"{e['time']}  {e['check_id']}  {e['actor'] or '-':12} {e['source']:5} {e['channel']:12} "
                   f"{e['decision']:5}{reason}")


main.add_command(scan)
