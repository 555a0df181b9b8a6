"""The `poortwachter` command: thin shells over the library, Dutch messages, exit codes.

Exit status of `check`: 0 allow, 1 warn, 2 block, 3 or more an error (usage errors too).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from detectors.video import SUFFIXES as VIDEO_SUFFIXES
from server.cli.cli_admin import admin
from server.cli.cli_backup import backup, restore
from server.cli.cli_consent import consent
from server.cli.cli_enrol import enrol
from server.cli.cli_scan import scan
from server.cli.cli_serve import account, pair, serve
from server.cli.common import (EXIT_CODES, EXIT_ERROR, UserError, common_options, data_dir,
                               handle_errors, open_registry, today)
from server.cli.dutch import ACCOUNT, CHANNEL, DutchGroup
from server.gate import audit_log
from server.gate.consent import CHANNEL_LABELS
from server.gate.labels import DECISION_LABELS, track_line


@click.group(cls=DutchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(package_name="poortwachter")
def main() -> None:
    """Poortwachter: controleer foto's en tekst vóór publicatie."""


main.add_command(serve)
main.add_command(pair)
main.add_command(account)


# check ------------------------------------------------------------------


@main.command()
@common_options
@click.option("--channel", type=CHANNEL, default="sociale_media", show_default=True, help="Waar het bericht komt.")
@click.option("--account", type=ACCOUNT, default="school", show_default=True,
              help="Het account van de school of een persoonlijk account.")
@click.option("--text", "text", help="De tekst van het bericht.")
@click.option("--text-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Lees de tekst uit een bestand.")
@click.option("--jsonl", type=click.Path(dir_okay=False, path_type=Path),
              help="Eén concept per regel (text, channel, account, images); één oordeel per regel.")
@click.option("--json", "as_json", is_flag=True, help="Geef het oordeel als JSON.")
@click.argument("images", nargs=-1, metavar="[FOTO]...", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def check(channel: str, account: str, text: str | None, text_file: Path | None, jsonl: Path | None, as_json: bool,
          images: tuple[Path, ...]) -> None:
    """Controleer foto's, video's en tekst vóór publicatie.

    Voorbeeld: poortwachter check --channel website --text "Groep 5 op excursie" klas.jpg musical.mp4

    Video's (.mp4, .m4v, .mov, .webm): per persoon de tijden waarop die in beeld is.

    Exitstatus: 0 toegestaan, 1 waarschuwing, 2 geblokkeerd, 3 fout.
    """
    from detectors.images import MAX_BYTES as IMAGE_BYTES
    from server.cli.batch import run_batch
    from server.gate.gate import Draft, Gate
    from server.gate.video import load_video_limits

    if jsonl is not None:
        if text or text_file or images:
            raise UserError("--jsonl gaat niet samen met --text, --text-file of foto's.")
        gate = Gate(data_dir())
        try:
            worst = run_batch(_read_text_file(jsonl, JSONL_BYTES).splitlines(), gate, open_registry(), today(),
                              click.echo, base=jsonl.parent)
        finally:
            gate.close()
        sys.exit(EXIT_CODES.get(worst, EXIT_ERROR))
    if text and text_file:
        raise UserError("Gebruik --text of --text-file, niet allebei.")
    if text_file:
        text = _read_text_file(text_file, TEXT_FILE_BYTES)
    if not images and not text:
        raise UserError("Geef een of meer foto's en/of een tekst (--text) om te controleren.")
    photos = [p for p in images if p.suffix.lower() not in VIDEO_SUFFIXES]
    videos = [p for p in images if p.suffix.lower() in VIDEO_SUFFIXES]
    draft = Draft([(p.name, _read_media_file(p, IMAGE_BYTES)) for p in photos], text or "", channel, account,
                  videos=[(p.name, _read_media_file(p, load_video_limits(data_dir()).max_bytes)) for p in videos])
    gate, registry = Gate(data_dir()), open_registry()
    try:
        verdict = gate.check(draft, registry, today(), source="cli").verdict
    finally:
        gate.close()
    if images and not registry.people():
        click.echo("Let op: er is nog geen toestemmingslijst: elk gezicht is onbekend.", err=True)
    click.echo(json.dumps(verdict, ensure_ascii=False, indent=2) if as_json
               else render_verdict(verdict, tuple(photos), tuple(videos)))
    sys.exit(EXIT_CODES[verdict["decision"]])


def _read_media_file(path: Path, limit: int) -> bytes:
    from server.safe_read import read_regular_file

    return read_regular_file(path, limit)


TEXT_FILE_BYTES = 1024 * 1024  # far more than the 50,000 characters a text may have
JSONL_BYTES = 64 * 1024 * 1024  # thousands of drafts; the photos they name are read one by one
TOML_BYTES = 1024 * 1024


def _read_text_file(path: Path, limit: int) -> str:
    """A text file the user named: a regular file under `limit`, in UTF-8 (never /dev/zero or a pipe)."""
    from server.safe_read import read_regular_file

    try:
        return read_regular_file(path, limit).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path} is geen UTF-8-tekstbestand.") from None


def render_verdict(verdict: dict, images: tuple[Path, ...] = (), videos: tuple[Path, ...] = ()) -> str:
    """The verdict as a few Dutch lines for a terminal; a video's faces one line per person."""
    lines = [f"Oordeel: {DECISION_LABELS[verdict['decision']].upper()} ({CHANNEL_LABELS[verdict['channel']]})"]
    for finding in verdict["findings"]:
        if "video" in finding:
            where = videos[finding["video"]].name if finding["video"] < len(videos) else f"video {finding['video'] + 1}"
            text = track_line(finding) if finding["kind"] == "face" else finding["message"]
            lines.append(f"  {finding['severity']:5}  {where}: {text}")
            continue
        if finding["kind"] == "face":
            where = images[finding["image"]].name if finding["image"] < len(images) else f"foto {finding['image'] + 1}"
            x, y, w, h = finding["box"]
            place = f"{where} [{x},{y} {w}×{h}]"
        elif finding["kind"] == "text":
            place = f"tekst {finding['start']}-{finding['end']} \"{finding['text']}\""
        else:
            place = images[finding["image"]].name if finding.get("image", 99) < len(images) else "foto"
        lines.append(f"  {DECISION_LABELS[finding['severity']].lower():12}  {place}: {finding['message']}")
    if not verdict["findings"]:
        lines.append("  Niets gevonden.")
    return "\n".join(lines)


@main.group()
@common_options
def school() -> None:
    """Het schoolprofiel: eigen contactgegevens die nooit een bevinding zijn."""


@school.command("import")
@common_options
@click.argument("file", metavar="BESTAND", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@handle_errors
def school_import(file: Path) -> None:
    """Neem school.toml over in de datamap.

    Voorbeeld: poortwachter school import school.toml
    """
    import tomllib

    from detectors.text import SchoolProfile

    content = _read_text_file(file, TOML_BYTES)
    try:
        tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        raise UserError(f"{file} is geen geldig TOML-bestand: {error}.") from None
    target = data_dir() / "school.toml"
    target.write_text(content, encoding="utf-8")
    target.chmod(0o600)
    click.echo(f"Schoolprofiel van {SchoolProfile.from_toml(target).name or 'de school'} opgeslagen.")


# audit ------------------------------------------------------------------


@main.command()
@common_options
@click.option("--json", "as_json", is_flag=True, help="Als JSON, met de codes.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1), help="Hoeveel regels.")
@handle_errors
def audit(as_json: bool, limit: int) -> None:
    """Toon het auditlog: controles en beheerhandelingen (geen foto's of teksten).

    Voorbeeld: poortwachter audit --limit 20
    """
    registry = open_registry()
    if as_json:
        click.echo(json.dumps({"entries": registry.audit_entries(limit), "events": registry.admin_events(limit)},
                              ensure_ascii=False, indent=2))
        return
    for line in audit_log.lines(registry, limit):
        reason = f" Reden om door te gaan: {line.reason}" if line.reason else ""
        click.echo(f"{line.when}  {line.who}  {line.what}: {line.details}{reason}")


main.add_command(consent)
main.add_command(enrol)
main.add_command(scan)
main.add_command(backup)
main.add_command(restore)
main.add_command(admin)
