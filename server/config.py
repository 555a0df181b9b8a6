"""Where Poortwachter keeps its files, and what day it is."""
from __future__ import annotations

import datetime as dt
import errno
import os
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
