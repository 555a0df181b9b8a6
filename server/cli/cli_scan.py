"""`poortwachter scan`: check a whole folder of photos, with a report and a CSV."""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import click

from server.cli.common import (EXIT_CODES, EXIT_ERROR, UserError, common_options, data_dir, handle_errors,
                               open_registry, today)
from server.cli.dutch import CHANNEL, DutchCommand
from server.gate.labels import DECISION_LABELS, dutch_date

EXIT_INTERRUPTED = 130


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is geen datum als 2026-09-01.") from None


@click.command(cls=DutchCommand)
@common_options
@click.argument("folder", metavar="MAP", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--channel", type=CHANNEL, default="sociale_media", show_default=True,
              help="Het kanaal waarop de foto's staan (de website: --channel website).")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Schrijf een HTML-rapport.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False, path_type=Path), help="Schrijf een CSV-bestand.")
@click.option("--changed-since", callback=_date,
              help="Werklijst: foto's met iemand van wie de toestemming sinds deze datum (JJJJ-MM-DD) verviel.")
@click.option("--jobs", type=click.IntRange(1, 8), default=None, help="Aantal werkprocessen (standaard 2).")
@handle_errors
def scan(folder: Path, channel: str, report: Path | None, csv_path: Path | None,
         changed_since: dt.date | None, jobs: int | None) -> None:
    """Controleer een hele map met foto's (JPEG, PNG, WebP, HEIC).

    Onderbreken (Ctrl+C) mag: opnieuw starten gaat verder waar de scan stopte.
    Het rapport begint met een takenlijst: wat vandaag geblokkeerd zou worden, per reden.

    Exitstatus: 0 alles toegestaan, 1 minstens één waarschuwing, 2 minstens één foto
    geblokkeerd, 3 minstens één bestand niet gecontroleerd (een fout), 130 onderbroken.

    Voorbeeld: poortwachter scan mediabibliotheek --report rapport.html --csv rapport.csv --changed-since 2026-08-01
    """
    from tqdm import tqdm

    from server.scan.scan import DEFAULT_JOBS, scan_folder
    from server.scan.scan_report import takedown_list, write_csv, write_html

    directory, day = data_dir(), today()
    open_registry().close()  # a clear message now if the registry cannot be opened
    bars: list[tqdm] = []

    def progress(done: int, total: int):
        if done:
            click.echo(f"{done} van {total} foto's waren al gecontroleerd; de scan gaat verder.", err=True)
        bar = tqdm(total=total, initial=done, unit="foto", desc="Scannen", dynamic_ncols=True,
                   bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}, nog {remaining}]")
        bars.append(bar)
        return lambda result: bar.update(1)

    try:
        results, thumbs, state = scan_folder(folder, directory, channel, day, jobs=jobs or DEFAULT_JOBS,
                                             progress=progress)
    except KeyboardInterrupt:
        for bar in bars:
            bar.close()
        click.echo("\nOnderbroken. Start dezelfde opdracht opnieuw om verder te gaan.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        for bar in bars:
            bar.close()
    if state.restarted:
        click.echo("De lijst, de gezichtskenmerken of de datum waren veranderd: alle foto's opnieuw gecontroleerd.",
                   err=True)
    registry = open_registry()
    try:
        takedowns = (takedown_list(results, registry, channel, changed_since, day)
                     if changed_since else None)
        if report:
            write_html(report, folder, results, thumbs, registry, channel, day, takedowns, changed_since)
        if csv_path:
            write_csv(csv_path, results, registry, takedowns)
    except OSError as error:
        raise UserError(f"Kan het rapport niet schrijven: {error.strerror}.") from None
    finally:
        registry.close()
    counts = Counter(r.decision for r in results)
    click.echo(f"{len(results)} foto's: " + ", ".join(
        f"{DECISION_LABELS[k].lower()} {counts[k]}" for k in ("block", "warn", "allow", "error")))
    if takedowns is not None:
        click.echo(f"Te verwijderen (toestemming vervallen sinds {dutch_date(changed_since.isoformat())}): "
                   f"{len(takedowns)}")
        for item in takedowns:
            click.echo(f"  {item.path}  {item.person_id} {item.name}: {item.reason}")
    for path in (report, csv_path):
        if path:
            click.echo(f"Geschreven: {path}")
    if any(r.decision == "error" for r in results):
        sys.exit(EXIT_ERROR)  # a file that was not judged may hold anyone: never a silent 0 (as check --jsonl)
    worst = max((r.decision for r in results if r.decision in EXIT_CODES), key=EXIT_CODES.get, default="allow")
    sys.exit(EXIT_CODES[worst])
