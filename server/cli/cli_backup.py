"""`poortwachter backup FILE` and `restore FILE`: the registry and settings, encrypted with a passphrase."""
from __future__ import annotations

import os
from pathlib import Path

import click

from server.gate import audit_log
from server.registry.backup import BackupError, make_backup, read_backup, restore_backup
from server.cli.common import UserError, common_options, confirm, data_dir, handle_errors, open_registry
from server.cli.dutch import DutchCommand

PASSPHRASE_ENV = "POORTWACHTER_BACKUP_WACHTWOORD"


def _passphrase(new: bool) -> str:
    """From the environment (scripts), else asked twice (backup) or once (restore), never echoed."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    try:
        return click.prompt("Wachtwoordzin", hide_input=True, confirmation_prompt=new, err=True)
    except click.Abort:
        raise UserError(f"Geen wachtwoordzin gegeven (in een script: {PASSPHRASE_ENV}).") from None


@click.command(cls=DutchCommand)
@common_options
@click.argument("file", metavar="BESTAND", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def backup(file: Path) -> None:
    """Maak een versleutelde back-up van het register en de instellingen.

    Mag terwijl de dienst draait. De back-up bevat gezichtskenmerken van kinderen en is daarom
    versleuteld met een wachtwoordzin (minstens 10 tekens) die je zelf kiest en apart bewaart:
    zonder die wachtwoordzin is de back-up onbruikbaar. In een script: POORTWACHTER_BACKUP_WACHTWOORD.

    Voorbeeld: poortwachter backup poortwachter-2026-11-21.backup
    """
    try:
        size = make_backup(data_dir(), file, _passphrase(new=True))
    except BackupError as error:
        raise UserError(str(error)) from None
    click.echo(f"Back-up geschreven: {file} ({max(1, size // 1024)} kB, versleuteld).")


@click.command(cls=DutchCommand)
@common_options
@click.argument("file", metavar="BESTAND", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Niet om bevestiging vragen (voor scripts).")
@handle_errors
def restore(file: Path, assume_yes: bool) -> None:
    """Zet een back-up terug: vervangt de toestemmingslijst, gezichtskenmerken en het auditlog.

    Voorbeeld: poortwachter restore poortwachter-2026-11-21.backup
    """
    try:
        files = read_backup(file, _passphrase(new=False))
    except BackupError as error:
        raise UserError(str(error)) from None
    click.echo("Dit vervangt de toestemmingslijst, de gezichtskenmerken en het auditlog op deze computer "
               "door die uit de back-up.")
    if not assume_yes and not confirm("Terugzetten?"):
        raise UserError("Niets teruggezet.")
    try:
        restore_backup(files, data_dir())
    except BackupError as error:
        raise UserError(str(error)) from None
    registry = open_registry()
    audit_log.record(registry, "restore", len(registry.people()), file=file.name)
    click.echo(f"Teruggezet uit {file}: {len(registry.people())} personen op de lijst.")
