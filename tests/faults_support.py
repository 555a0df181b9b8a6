"""Kill the real `poortwachter` command at random moments and read what it left behind.

Used by tests/test_faults.py (a few kills) and bench/faults.py (many). A kill
is SIGKILL: no handler, no cleanup, as when the power goes or the user's
session is killed. After each kill the registry must be exactly as before the
import (or photo) or exactly as after it.
"""
from __future__ import annotations

import io
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

POORTWACHTER = Path(sys.executable).parent / "poortwachter"
# Written with the wall-clock time of the run: two runs of one import differ only there.
TIME_COLUMNS = {"updated_at", "created_at", "time"}  # time: when an audit event was logged
Dump = dict[str, list[tuple]]


def dump(registry: Path) -> Dump:
    """Every row of every table, in primary-key order, time columns blanked."""
    db = sqlite3.connect(f"file:{registry}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        result: Dump = {}
        for table in tables:
            cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")  # noqa: S608 - names from sqlite_master
            columns = [c[0] for c in cursor.description]
            result[table] = [tuple(None if c in TIME_COLUMNS else v for c, v in zip(columns, row))
                             for row in cursor]
        return result
    finally:
        db.close()


def consent_file(path: Path, rows: int, seed: int = 6) -> Path:
    """A consent list in the native format with `rows` generated pupils."""
    rng = random.Random(seed)
    header = ("leerlingnummer;roepnaam;tussenvoegsel;achternaam;groep;geboortedatum;rol;schooljaar;"
              "toestemming_door;social_media;website;nieuwsbrief;schoolapp")
    firsts, infixes, lasts = ["Sanne", "Daan", "Zoë", "Mohammed", "Fleur", "Bram"], ["", "de", "van der"], [
        "Vries", "Bakker", "Yılmaz", "Jansen", "O'Brien", "Visser"]
    lines = [header]
    for number in range(rows):
        answers = ";".join(rng.choice(["ja", "nee", ""]) for _ in range(4))
        lines.append(f"G{number:06d};{rng.choice(firsts)};{rng.choice(infixes)};{rng.choice(lasts)};"
                     f"{rng.randint(1, 8)};{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2010, 2021)};"
                     f"leerling;2026-2027;ouder;{answers}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def enrol_file(folder: Path, demo_csv: Path, variants: int) -> Path:
    """An enrol CSV of the demo's reference photos, each re-encoded `variants` times.

    Every variant is a new photo to the registry (another hash), so every row stores templates.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["leerlingnummer;foto"]
    for line in demo_csv.read_text(encoding="utf-8").splitlines()[1:]:
        person_id, photo = line.split(";")
        image = Image.open(demo_csv.parent / photo).convert("RGB")
        for variant in range(variants):
            name = f"{person_id}-{Path(photo).stem}-{variant}.jpg"
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=90 - variant)
            (folder / name).write_bytes(buffer.getvalue())
            rows.append(f"{person_id};{name}")
    path = folder / "gezichten.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@dataclass
class Outcome:
    """What the kills left: how often the registry was as before, as after, or (never) in between."""

    before: int = 0
    after: int = 0
    partial_prefix: int = 0  # enrolment: some photos done whole, the rest not started
    in_between: list[str] = field(default_factory=list)

    @property
    def kills(self) -> int:
        return self.before + self.after + self.partial_prefix + len(self.in_between)


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(POORTWACHTER), "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=600, check=False)


def kill_at(data_dir: Path, args: list[str], delay: float, wal_trigger: bool) -> None:
    """Start the command, SIGKILL it after `delay` s (counted from its first WAL write with `wal_trigger`)."""
    wal = data_dir / "registry.sqlite3-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen([str(POORTWACHTER), "--data-dir", str(data_dir), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if wal_trigger:  # aim inside the write: wait until the transaction starts filling the WAL
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size != start_size:
                break
            time.sleep(0.002)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()


def copy_of(base: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(base, target)
    return target


def kill_imports(base: Path, work: Path, consents: Path, kills: int, seed: int = 1) -> Outcome:
    """Kill `consent import` `kills` times; each time the registry is before or after, nothing else."""
    rng = random.Random(seed)
    before = dump(base / "registry.sqlite3")
    reference = copy_of(base, work / "reference")
    started = time.monotonic()
    done = run(reference, "consent", "import", "--yes", str(consents))
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    after = dump(reference / "registry.sqlite3")
    assert after != before
    outcome = Outcome()
    for number in range(kills):
        target = copy_of(base, work / "kill")
        wal_trigger = number % 2 == 1
        delay = rng.uniform(0, 0.5 if wal_trigger else duration)
        kill_at(target, ["consent", "import", "--yes", str(consents)], delay, wal_trigger)
        _reopen(target)
        state = dump(target / "registry.sqlite3")
        if state == before:
            outcome.before += 1
        elif state == after:
            outcome.after += 1
        else:
            outcome.in_between.append(f"kill {number} after {delay:.2f} s")
    return outcome


def kill_enrolments(base: Path, work: Path, enrol_csv: Path, kills: int, seed: int = 2) -> Outcome:
    """Kill `enrol`; the registry must hold the templates of the first k photos, each photo whole."""
    rng = random.Random(seed)
    before = dump(base / "registry.sqlite3")
    reference = copy_of(base, work / "reference")
    started = time.monotonic()
    done = run(reference, "enrol", str(enrol_csv))
    duration = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    after = dump(reference / "registry.sqlite3")
    added = after["templates"][len(before["templates"]):]
    assert after["templates"][:len(before["templates"])] == before["templates"] and added
    photos = _photo_boundaries(added)
    outcome = Outcome()
    for number in range(kills):
        target = copy_of(base, work / "kill")
        delay = rng.uniform(0, duration)
        kill_at(target, ["enrol", str(enrol_csv)], delay, wal_trigger=False)
        _reopen(target)
        state = dump(target / "registry.sqlite3")
        rest = {k: v for k, v in state.items() if k not in ("templates", "admin_events")}
        new = state["templates"][len(before["templates"]):]
        whole = state["templates"][:len(before["templates"])] == before["templates"] and len(new) in photos
        # The audit log gains the one enrolment event, and only once every photo is in.
        events = state.get("admin_events", [])[len(before.get("admin_events", [])):]
        logged = events == [] or (new == added and len(events) == 1 and events[0][3] == "enrol")
        if (rest != {k: v for k, v in before.items() if k not in ("templates", "admin_events")} or not whole
                or new != added[:len(new)] or not logged
                or state.get("admin_events", [])[:len(before.get("admin_events", []))] != before.get("admin_events", [])):
            outcome.in_between.append(f"kill {number} after {delay:.2f} s: {len(new)} new templates")
        elif not new:
            outcome.before += 1
        elif new == added:
            outcome.after += 1
        else:
            outcome.partial_prefix += 1
    return outcome


def _photo_boundaries(added: list[tuple]) -> set[int]:
    """Template counts at which one photo's templates end (a photo's rows share its hash)."""
    counts, previous = {0}, None
    for index, row in enumerate(added):
        source = row[3]  # templates: id, person_id, vector, source, created_at
        if previous is not None and source != previous:
            counts.add(index)
        previous = source
    counts.add(len(added))
    return counts


def _reopen(data_dir: Path) -> None:
    """The registry still opens for the service after the kill (recovers its WAL)."""
    from server.registry import Registry

    Registry(data_dir / "registry.sqlite3").close()
