"""`poortwachter enrol`: reference photos in, and per person how many there are and from when."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from server.cli.common import EXIT_PARTIAL, UserError, common_options, handle_errors, open_registry, today
from server.gate import audit_log
from server.gate.reference_photos import summarise
from server.registry import Registry


@click.command()
@common_options
@click.argument("file", metavar="BESTAND", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--overzicht", "overview", is_flag=True,
              help="Schrijf niets in; toon per persoon de referentiefoto's en wie opnieuw moet worden ingeschreven.")
@handle_errors
def enrol(file: Path | None, overview: bool) -> None:
    """Schrijf referentiefoto's in (kolommen leerlingnummer;foto, paden relatief aan het CSV-bestand).

    De foto's zelf worden niet bewaard, alleen gezichtskenmerken. Daarna zie je per persoon
    hoeveel referentiefoto's er zijn en uit welk schooljaar.

    Voorbeelden: poortwachter enrol gezichten.csv — poortwachter enrol --overzicht
    """
    registry = open_registry()
    if overview:
        _show(registry, None)
        return
    if file is None:
        raise UserError("Geef een CSV-bestand met referentiefoto's, of --overzicht.")
    from detectors.faces import FaceAnalyzer
    from server.registry.enrol import enrol_photos

    faces, failures, stored, people = FaceAnalyzer(workers=1), 0, 0, set()
    try:
        for result in enrol_photos(file, registry, faces):
            if result.error:
                failures += 1
                click.echo(f"Regel {result.line} ({result.person_id}, {result.photo}): {result.error}", err=True)
            else:
                stored += 1
                people.add(result.person_id)
    finally:
        faces.close()
    if stored:
        audit_log.record(registry, "enrol", stored, people=sorted(people), failed=failures, file=file.name)
    click.echo(f"{stored} foto's ingeschreven, {failures} overgeslagen.")
    _show(registry, people)
    if failures:
        sys.exit(EXIT_PARTIAL)


def _show(registry: Registry, only: set[str] | None) -> None:
    """Per person (of `only`, else everyone with or without photos): photos, school years, warnings."""
    day, photos = today(), registry.reference_photos()
    summaries = [(person, summarise(person, photos.get(person.id, []), day)) for person in registry.people()
                 if only is None or person.id in only]
    if not summaries:
        return
    click.echo("Referentiefoto's per persoon (bruikbaar, schooljaar):")
    for person, summary in summaries:
        click.echo(f"  {person.id} {person.name}: {summary.label}")
    warnings = [warning for _, summary in summaries for warning in summary.warnings]
    for warning in warnings:
        click.echo(f"Let op: {warning}")
    again = [person for person, summary in summaries if summary.needs_enrolment]
    if again:
        click.echo(f"Opnieuw inschrijven ({len(again)}): {', '.join(p.id for p in again)}. Hun referentiefoto's "
                   "zijn met een ouder gezichtsmodel ingeschreven; tot dan is hun gezicht onbekend.")
