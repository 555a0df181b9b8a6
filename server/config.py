"""Where Poortwachter keeps its files and its registry, and what day it is."""
from __future__ import annotations

import datetime as dt
import errno
import os
import tomllib
from pathlib import Path

from platformdirs import user_data_dir

DEFAULT_PORT = 5151
# The operating system's reasons are English; these are the ones a user can act on.
OS_REASONS = {
    errno.EROFS: "de map staat op een alleen-lezen schijf",
    errno.ENOSPC: "de schijf is vol",
    errno.EACCES: "geen toegang",
    errno.EPERM: "geen toegang",
    errno.ENOTDIR: "een deel van het pad is een bestand, geen map",
}


class ConfigError(ValueError):
    """A data directory or date that cannot be used; the message is Dutch."""


def data_dir(option: str | None = None) -> Path:
    """--data-dir, else POORTWACHTER_DATA, else the user's data directory; made 0700."""
    path = Path(option or os.environ.get("POORTWACHTER_DATA") or user_data_dir("poortwachter"))
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(path, 0o700)
    except OSError as error:
        reason = OS_REASONS.get(error.errno, error.strerror)
        raise ConfigError(f"Kan de datamap {path} niet gebruiken: {reason}.") from None
    if not os.access(path, os.W_OK):
        raise ConfigError(f"De datamap {path} is niet schrijfbaar.")
    return path


def today(option: str | None = None) -> dt.date:
    """--today, else POORTWACHTER_TODAY, else the real date."""
    value = option or os.environ.get("POORTWACHTER_TODAY")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"'{value}' is geen datum als 2026-11-21.") from None


def registry_path(directory: Path) -> Path:
    return directory / "registry.sqlite3"


SETTINGS_FILE = "instellingen.toml"
DEFAULT_RETENTION_DAYS = 30


def retention_days(directory: Path) -> int:
    """How many days templates of people marked as left are kept (instellingen.toml: bewaartermijn_vertrokken)."""
    value = settings(directory).get("bewaartermijn_vertrokken", DEFAULT_RETENTION_DAYS)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{SETTINGS_FILE}: bewaartermijn_vertrokken moet een aantal dagen zijn (0 of meer).")
    return value


def purge_cutoff(directory: Path, day: dt.date) -> str:
    """The ISO date before which a departed person's templates are deleted."""
    return (day - dt.timedelta(days=retention_days(directory))).isoformat()


def write_private(path: Path, data: bytes) -> None:
    """A file readable by the user only, written whole or not at all (reports and backups name pupils)."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def settings(directory: Path) -> dict:
    """instellingen.toml in the data directory: the retention period, and the school server's settings."""
    path = directory / SETTINGS_FILE
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{SETTINGS_FILE} is geen geldige TOML: {error}.") from None


def registry_location(directory: Path) -> Path | str:
    """POORTWACHTER_DATABASE_URL, else `database_url` in instellingen.toml, else the SQLite file."""
    return (os.environ.get("POORTWACHTER_DATABASE_URL") or settings(directory).get("database_url")
            or registry_path(directory))
