"""A throwaway PostgreSQL server for tests and benches: Debian's `postgresql`, in a temporary
directory, listening on a Unix socket only, run as an unprivileged user (PostgreSQL refuses root).

scripts/ensure-postgres installs the package where it is missing (CI is a bare machine).
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

USER = "poortwachter"  # the database role the tests connect as


def binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/ensure-postgres (make test does).")
    return Path(found[-1]).parent


class Cluster:
    """initdb, start, create databases from a template, stop and remove everything."""

    def __init__(self, fast: bool = True) -> None:
        self.bin = binaries()
        self.dir = Path(tempfile.mkdtemp(prefix="poortwachter-pg-"))
        self.data = self.dir / "data"
        self._as_owner = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("nobody")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self._as_owner = ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups", "--"]
        self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8", "--no-instructions")
        # Tests may lose data on a crash; a bench passes fast=False to keep PostgreSQL's durability.
        settings = {"listen_addresses": "''", "unix_socket_directories": f"'{self.dir}'", "max_connections": "200"}
        if fast:
            settings.update(fsync="off", synchronous_commit="off", full_page_writes="off")
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "start")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self._as_owner, str(self.bin / program), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.dir)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@/{database}?host={self.dir}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of `template`, which must have no connections); its URL."""
        self.drop_database(name)
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        subprocess.run([*self._as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=self.dir)
        shutil.rmtree(self.dir, ignore_errors=True)
