"""What every `poortwachter` command shares: exit codes, options, the one-line Dutch error, the registry."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import click

from server import config
from server.gate import audit_log
from server.registry import Registry, RegistryError
from server.registry.consent_import import ConsentFileError

EXIT_CODES = {"allow": 0, "warn": 1, "block": 2}
EXIT_ERROR = 3
EXIT_PARTIAL = 4


class UserError(click.ClickException):
    """One clear Dutch line on stderr and exit status 3; never a traceback."""

    exit_code = EXIT_ERROR

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.message}", err=True)


def common_options(command):
    """--data-dir and --today, accepted before or after the subcommand."""

    def remember(ctx: click.Context, param: click.Parameter, value):
        if value is not None:
            ctx.ensure_object(dict)[param.name] = value
        return value

    command = click.option("--data-dir", type=click.Path(file_okay=False), expose_value=False,
                           callback=remember, help="Map met register, auditlog en instellingen.")(command)
    command = click.option("--today", expose_value=False, callback=remember,
                           help="Doe alsof het deze datum is (JJJJ-MM-DD).")(command)
    return command


def setting(name: str):
    ctx = click.get_current_context()
    while ctx is not None:
        if ctx.obj and name in ctx.obj:
            return ctx.obj[name]
        ctx = ctx.parent
    return None


def handle_errors(command):
    """Turn the library's named exceptions into one Dutch line and exit status 3."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from detectors.faces import EnrolmentError
        from detectors.images import ImageError
        from server.gate.gate import DraftError
        from server.gate.policy import PolicyError

        try:
            return command(*args, **kwargs)
        except (config.ConfigError, ConsentFileError, ImageError, EnrolmentError, DraftError,
                PolicyError, RegistryError) as error:
            raise UserError(str(error)) from None
        except ValueError as error:  # TextTooLong and other input errors carry Dutch messages
            raise UserError(str(error)) from None

    return wrapper


def data_dir() -> Path:
    return config.data_dir(setting("data_dir"))


def today() -> dt.date:
    return config.today(setting("today"))


def open_registry() -> Registry:
    location = config.registry_location(data_dir())
    try:
        return Registry(location)
    except RegistryError:
        raise
    except Exception as error:  # sqlite3 raises several kinds for a bad file or a full disk
        raise UserError(f"Kan het register {location} niet openen: {error}.") from None


def purge_departed(registry: Registry) -> None:
    """Templates of people marked as left go once the retention period (instellingen.toml) has passed."""
    cutoff = config.purge_cutoff(data_dir(), today())
    purged = registry.purge_departed(cutoff)
    if purged:
        audit_log.record(registry, "purge", purged, before=cutoff)


def confirm(question: str) -> bool:
    """A Dutch yes/no question; no answer (a script without --yes) is no."""
    try:
        answer = click.prompt(f"{question} [j/N]", default="", show_default=False, err=True)
    except click.Abort:
        click.echo("", err=True)
        return False
    return answer.strip().lower() in ("j", "ja", "y", "yes")
