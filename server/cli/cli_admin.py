"""`poortwachter admin`: the privacy officer's password, set on this computer's command line."""
from __future__ import annotations

import click

from server.auth import password_file
from server.auth.passwords import PasswordError
from server.cli.common import UserError, common_options, data_dir, handle_errors, open_registry
from server.cli.dutch import DutchGroup
from server.gate import audit_log


@click.group(cls=DutchGroup)
@common_options
def admin() -> None:
    """Beheer: het wachtwoord van de privacyfunctionaris."""


@admin.command("password")
@common_options
@handle_errors
def admin_password() -> None:
    """Stel het beheerwachtwoord in of wijzig het; andere sessies eindigen.

    Voorbeeld: poortwachter admin password
    """
    from detectors.text import SchoolProfile

    directory = data_dir()
    try:
        context = [SchoolProfile.from_toml(directory / "school.toml").name]
    except Exception:  # no school profile yet: the generic lists still apply
        context = []
    first = password_file.stored_hash(directory) is None
    password = click.prompt("Nieuw beheerwachtwoord", hide_input=True)
    repeat = click.prompt("Nog een keer", hide_input=True)
    try:
        password_file.set_password(directory, password, repeat, first=False, context=context)
    except PasswordError as error:
        raise UserError(str(error)) from None
    audit_log.record(open_registry(), "password", first=first)
    click.echo("Het beheerwachtwoord is ingesteld. Open /beheer via de link van poortwachter serve.")

