"""The privacy officer's password hash, kept in a file in the data directory (0600).

Set with `poortwachter admin password` or, with the page token, on /beheer/instellen.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from server.auth.passwords import PasswordError, check_new_password, hash_password

PASSWORD_FILE = "admin_password"


def stored_hash(data_dir: Path) -> str | None:
    try:
        return (data_dir / PASSWORD_FILE).read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def set_password(data_dir: Path, password: str, repeat: str, *, first: bool,
                 context: Iterable[str] = ()) -> None:
    """Check and store a new password; with `first`, only while none is set yet."""
    check_new_password(password, repeat, context)
    write_hash(data_dir, hash_password(password), first=first)


def write_hash(data_dir: Path, hashed: str, *, first: bool = False) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if first else os.O_TRUNC)
    try:
        descriptor = os.open(data_dir / PASSWORD_FILE, flags, 0o600)
    except FileExistsError:  # someone set it a moment ago: theirs stands
        raise PasswordError("Er is al een beheerwachtwoord ingesteld; log daarmee in.") from None
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(hashed)
