"""An encrypted backup of the data directory, made and restored while the service may run.

The registry holds children's face templates (biometric data), so a backup
never exists unencrypted on disk: SQLite's online backup copies the registry
into memory, a zip in memory adds the school's settings files, and the whole
is encrypted with a key derived from a passphrase (scrypt, then Fernet:
AES-128-CBC with HMAC-SHA256, from the `cryptography` package). A wrong
passphrase or a damaged file is a BackupError and changes nothing.

Restoring goes through SQLite's backup API into the live registry, so a
running service sees the old or the new registry, never half of one.
"""
from __future__ import annotations

import base64
import io
import os
import secrets
import sqlite3
import zipfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from server.config import registry_location, write_private
from server.safe_read import FileReadError, read_regular_file

MAGIC = b"POORTWACHTER-BACKUP-1\n"
SALT_BYTES = 16
REGISTRY_NAME = "registry.sqlite3"
SETTINGS_FILES = ("school.toml", "policy.toml", "instellingen.toml")
MIN_PASSPHRASE = 10
# The whole backup is decrypted in memory; a school's registry is a few MB (templates are 512 bytes).
MAX_BACKUP_BYTES = 1024 * 1024 * 1024
# scrypt at 2**15 x 8: 32 MB and about 0.1 s per try, which slows down guessing a stolen backup.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


class BackupError(ValueError):
    """A backup that cannot be made or read; the message is Dutch."""


def _key(passphrase: str, salt: bytes) -> bytes:
    kdf = Scrypt(salt=salt, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return base64.urlsafe_b64encode(kdf.derive(passphrase.encode("utf-8")))


def _refuse_postgres(data_dir: Path) -> None:
    if not isinstance(registry_location(data_dir), Path):
        raise BackupError("Dit register staat in PostgreSQL (de schoolserver): maak en herstel de back-up met "
                          "pg_dump en pg_restore, zie README, 'Voor de ICT'.")


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise BackupError(f"Kies een wachtwoordzin van minstens {MIN_PASSPHRASE} tekens.")


def make_backup(data_dir: Path, target: Path, passphrase: str) -> int:
    """Write an encrypted backup of the registry and settings; returns its size in bytes."""
    check_passphrase(passphrase)
    _refuse_postgres(data_dir)
    registry = data_dir / REGISTRY_NAME
    if not registry.is_file():
        raise BackupError(f"Er is nog geen register in {data_dir}: er is niets om te bewaren.")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(REGISTRY_NAME, _snapshot(registry))
        for name in SETTINGS_FILES:
            if (data_dir / name).is_file():
                bundle.writestr(name, (data_dir / name).read_bytes())
    salt = secrets.token_bytes(SALT_BYTES)
    data = MAGIC + salt + Fernet(_key(passphrase, salt)).encrypt(archive.getvalue())
    _write_private(target, data)
    return len(data)


def _snapshot(registry: Path) -> bytes:
    """The registry as one consistent database image, taken while others may write to it."""
    source = sqlite3.connect(registry, timeout=10)
    copy = sqlite3.connect(":memory:")
    try:
        source.backup(copy)
        image = bytearray(copy.serialize())
    finally:
        source.close()
        copy.close()
    # The header still says WAL (file format 2), which an in-memory database cannot open;
    # 1 is the rollback journal, what `PRAGMA journal_mode=DELETE` would write.
    image[18:20] = b"\x01\x01"
    return bytes(image)


def read_backup(source: Path, passphrase: str) -> dict[str, bytes]:
    """Decrypt a backup into {file name: bytes}; raises BackupError for a wrong passphrase or file."""
    try:
        data = read_regular_file(source, MAX_BACKUP_BYTES)
    except FileReadError as error:
        raise BackupError(str(error)) from None
    if not data.startswith(MAGIC):
        raise BackupError(f"{source} is geen back-up van Poortwachter.")
    salt = data[len(MAGIC):len(MAGIC) + SALT_BYTES]
    try:
        archive = Fernet(_key(passphrase, salt)).decrypt(data[len(MAGIC) + SALT_BYTES:])
    except InvalidToken:
        raise BackupError("De wachtwoordzin klopt niet, of de back-up is beschadigd.") from None
    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        files = {name: bundle.read(name) for name in bundle.namelist()
                 if name in (REGISTRY_NAME, *SETTINGS_FILES)}
    if REGISTRY_NAME not in files:
        raise BackupError(f"{source} bevat geen register.")
    return files


def restore_backup(files: dict[str, bytes], data_dir: Path) -> None:
    """Put a decrypted backup in place: the registry through SQLite, the settings files whole."""
    _refuse_postgres(data_dir)
    backup = sqlite3.connect(":memory:")
    try:
        backup.deserialize(files[REGISTRY_NAME])
        if backup.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("Het register in de back-up is beschadigd; er is niets veranderd.")
        target = sqlite3.connect(data_dir / REGISTRY_NAME, timeout=30)
        try:
            backup.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Het register in de back-up is onbruikbaar ({error}); er is niets veranderd.") from None
    finally:
        backup.close()
    os.chmod(data_dir / REGISTRY_NAME, 0o600)
    for name in SETTINGS_FILES:
        if name in files:
            _write_private(data_dir / name, files[name])


def _write_private(path: Path, data: bytes) -> None:
    try:
        write_private(path, data)
    except OSError as error:
        raise BackupError(f"Kan {path} niet schrijven: {error.strerror}.") from None
