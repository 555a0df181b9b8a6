"""The consent registry: people, consents, templates, the audit log, pairing.

Its SQL is plain enough for both backends (backends/sqlite.py, the default, and
backends/postgres.py), written with sqlite3's `?` and `:name` placeholders; what
differs per database (connecting, transactions, migrations, wiping deleted bytes)
lives in the backend. Writes that belong together run in one transaction, so a
crash leaves the registry as it was before or as it is after, never in between.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from server.registry.accounts import AccountStore
from server.registry.backends.sqlite import SqliteDatabase
from server.registry.import_plan import people_leaving
from server.registry.server_state import ServerStateStore

CHANNELS = ("social_media", "website", "nieuwsbrief", "schoolapp")
ERASED = "verwijderde persoon"  # in the audit log and scan records, for a person erased from the registry


@dataclass(frozen=True)
class Person:
    id: str
    first_name: str
    infix: str
    last_name: str
    role: str
    class_group: str = ""
    birth_date: str | None = None
    left_on: str | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.infix, self.last_name) if part)


@dataclass(frozen=True)
class Consent:
    channel: str
    school_year: str
    given: bool | None
    given_by: str
    withdrawn_on: str | None


@dataclass(frozen=True)
class AdminEvent:
    """What the privacy officer did, for the audit log: who, when, what, how many."""

    action: str
    actor: str
    count: int
    details: dict
    time: str


@dataclass(frozen=True)
class Gallery:
    """Enrolled templates of people still at school, per model: (person id per row, N x 128)."""

    by_model: dict[str, tuple[list[str], np.ndarray]]

    def of(self, model: str) -> tuple[list[str], np.ndarray]:
        return self.by_model.get(model, ([], np.zeros((0, 128), dtype=np.float32)))


@dataclass(frozen=True)
class ReferencePhoto:
    """One enrolled reference photo (by its hash): when it was taken, which models have templates of it."""

    taken_on: str  # ISO date
    models: frozenset[str]


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    left: int


class Registry(AccountStore, ServerStateStore):
    """A connection to one registry file; cheap to open, one per request or command."""

    def __init__(self, location: Path | str) -> None:
        """A SQLite file's path, or a `postgresql://` URL; the schema is migrated on first open."""
        if isinstance(location, str) and location.startswith(("postgresql://", "postgres://")):
            from server.registry.backends.postgres import PostgresDatabase

            self.db = PostgresDatabase(location)
        else:
            self.db = SqliteDatabase(Path(location))
        self.location = self.db.location
        self.db.migrate()

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        """All or nothing; a write the database refuses becomes a RegistryError with a Dutch message."""
        return self.db.transaction()

    # People and consents -------------------------------------------------

    def import_people(
        self, rows: Iterable[tuple[Person, list[Consent]]], full: bool, now: str, event: AdminEvent | None = None
    ) -> ImportSummary:
        """Insert or update people and their consents in one transaction.

        With `full`, people missing from `rows` are marked as left, but only
        of a role the file has (import_plan.people_leaving). Their templates
        stay until purge_departed, so importing the right file undoes a wrong
        one. A withdrawal already recorded for a school year is kept: the
        administration may not have caught up yet. `event` goes into the audit
        log in the same transaction, with the counts as imported.
        """
        added = updated = 0
        seen: list[Person] = []
        with self.transaction() as db:
            for person, consents in rows:
                seen.append(person)
                exists = db.execute("SELECT 1 FROM people WHERE id = ?", (person.id,)).fetchone()
                db.execute(
                    "INSERT INTO people (id, first_name, infix, last_name, role, class_group,"
                    " birth_date, left_on, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)"
                    " ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name,"
                    " infix = excluded.infix, last_name = excluded.last_name, role = excluded.role,"
                    " class_group = excluded.class_group, birth_date = excluded.birth_date,"
                    " left_on = NULL, updated_at = excluded.updated_at",
                    (person.id, person.first_name, person.infix, person.last_name, person.role,
                     person.class_group, person.birth_date, now),
                )
                for consent in consents:
                    db.execute(
                        "INSERT INTO consents (person_id, channel, school_year, given, given_by,"
                        " withdrawn_on, updated_at) VALUES (?, ?, ?, ?, ?, NULL, ?)"
                        " ON CONFLICT(person_id, channel, school_year) DO UPDATE SET"
                        " given = excluded.given, given_by = excluded.given_by,"
                        " updated_at = excluded.updated_at",
                        (person.id, consent.channel, consent.school_year,
                         None if consent.given is None else int(consent.given),
                         consent.given_by, now),
                    )
                if exists:
                    updated += 1
                else:
                    added += 1
            current = [_person(r) for r in db.execute("SELECT * FROM people WHERE left_on IS NULL")]
            gone = people_leaving(current, seen, full)
            for person in gone:
                db.execute("UPDATE people SET left_on = ?, updated_at = ? WHERE id = ?",
                           (now[:10], now, person.id))
            if event is not None:
                _insert_event(db, replace(event, details={**event.details, "new": added, "left": len(gone)}))
        return ImportSummary(added=added, updated=updated, left=len(gone))

    def purge_departed(self, left_before: str) -> int:
        """Delete the templates of people who left before this ISO date; returns how many went."""
        with self.transaction() as db:
            purged = db.execute(
                "DELETE FROM templates WHERE person_id IN"
                " (SELECT id FROM people WHERE left_on IS NOT NULL AND left_on < ?)", (left_before,)).rowcount
        if purged:
            self.flush_deleted()  # the templates of those who left are gone from the log too
        return purged

    def consent_map(self) -> dict[tuple[str, str, str], tuple[bool | None, str]]:
        """Every consent as (person, channel, school year) -> (given, given by), for an import preview."""
        return {(r["person_id"], r["channel"], r["school_year"]):
                (None if r["given"] is None else bool(r["given"]), r["given_by"])
                for r in self.db.execute("SELECT person_id, channel, school_year, given, given_by FROM consents")}

    def person(self, person_id: str) -> Person | None:
        row = self.db.execute("SELECT * FROM people WHERE id = ?", (person_id,)).fetchone()
        return _person(row) if row else None

    def people(self, include_left: bool = False) -> list[Person]:
        query = "SELECT * FROM people" + ("" if include_left else " WHERE left_on IS NULL")
        return [_person(r) for r in self.db.execute(query + " ORDER BY id")]

    def consents(self, person_id: str, channel: str) -> list[Consent]:
        rows = self.db.execute(
            "SELECT * FROM consents WHERE person_id = ? AND channel = ? ORDER BY school_year",
            (person_id, channel),
        )
        return [
            Consent(r["channel"], r["school_year"], None if r["given"] is None else bool(r["given"]),
                    r["given_by"], r["withdrawn_on"])
            for r in rows
        ]

    def withdraw(self, person_id: str, school_year: str, channels: Iterable[str], today: str) -> int:
        """Record a withdrawal for this school year; returns how many channels changed."""
        changed = 0
        with self.transaction() as db:
            for channel in channels:
                cursor = db.execute(
                    "INSERT INTO consents (person_id, channel, school_year, given, given_by,"
                    " withdrawn_on, updated_at) VALUES (?, ?, ?, 0, 'ouder', ?, ?)"
                    " ON CONFLICT(person_id, channel, school_year) DO UPDATE SET"
                    " withdrawn_on = excluded.withdrawn_on, updated_at = excluded.updated_at"
                    " WHERE consents.withdrawn_on IS NULL",
                    (person_id, channel, school_year, today, today),
                )
                changed += cursor.rowcount
        return changed

    def erase(self, person_id: str) -> bool:
        """Delete the person, every consent and every template; the audit log keeps its
        decisions with ERASED in place of the person's id. Then nothing of theirs is left
        in the file or its write-ahead log."""
        with self.transaction() as db:
            found = db.execute("DELETE FROM people WHERE id = ?", (person_id,)).rowcount > 0
            needle = f'%"person_id": {json.dumps(person_id)}%'
            for row in db.execute("SELECT id, summary FROM audit WHERE summary LIKE ?", (needle,)).fetchall():
                summary = [f | {"person_id": ERASED} if f.get("person_id") == person_id else f
                           for f in json.loads(row["summary"])]
                db.execute("UPDATE audit SET summary = ? WHERE id = ?", (json.dumps(summary), row["id"]))
            for row in db.execute("SELECT id, details FROM admin_events WHERE details LIKE ?",
                                  (f"%{json.dumps(person_id)}%",)).fetchall():
                details = json.loads(row["details"])
                if details.get("person_id") == person_id:
                    db.execute("UPDATE admin_events SET details = ? WHERE id = ?",
                               (json.dumps(details | {"person_id": ERASED}, ensure_ascii=False), row["id"]))
        self.flush_deleted()
        return found

    def flush_deleted(self) -> None:
        """Wipe the bytes of deleted rows from the database's own storage (the SQLite log, PostgreSQL's
        dead tuples): a DELETE alone leaves an erased pupil's templates readable there."""
        self.db.flush_deleted()

    # Templates -------------------------------------------------------------

    def add_templates(self, person_id: str, templates: Mapping[str, list[np.ndarray]], source: str,
                      now: str, taken_on: str | None = None) -> int:
        """Store the templates of one reference photo, per model, all or nothing; returns how
        many were new. A photo enrolled before gains only the models it has no templates of."""
        stored = 0
        with self.transaction() as db:
            for model, vectors in templates.items():
                if db.execute("SELECT 1 FROM templates WHERE person_id = ? AND source = ? AND model = ?",
                              (person_id, source, model)).fetchone():
                    continue
                for vector in vectors:
                    db.execute(
                        "INSERT INTO templates (person_id, vector, source, created_at, model, taken_on)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (person_id, np.asarray(vector, dtype=np.float32).tobytes(), source, now, model,
                         taken_on or now[:10]),
                    )
                stored += len(vectors)
        return stored

    def gallery(self) -> Gallery:
        """All templates of people still at school, per model."""
        rows = self.db.execute(
            "SELECT t.model, t.person_id, t.vector FROM templates t JOIN people p ON p.id = t.person_id"
            " WHERE p.left_on IS NULL ORDER BY t.id"
        ).fetchall()
        by_model: dict[str, tuple[list[str], list[np.ndarray]]] = {}
        for row in rows:
            ids, vectors = by_model.setdefault(row["model"], ([], []))
            ids.append(row["person_id"])
            vectors.append(np.frombuffer(row["vector"], dtype=np.float32))
        return Gallery({model: (ids, np.array(vectors).reshape(-1, 128)) for model, (ids, vectors) in by_model.items()})

    def reference_photos(self) -> dict[str, list[ReferencePhoto]]:
        """Per person with templates: each reference photo, oldest first."""
        rows = self.db.execute(
            "SELECT person_id, source, model, MIN(taken_on) AS taken_on FROM templates"
            " GROUP BY person_id, source, model"
        ).fetchall()
        photos: dict[str, dict[str, tuple[str, set[str]]]] = {}
        for row in rows:
            taken_on, models = photos.setdefault(row["person_id"], {}).get(row["source"], (row["taken_on"], set()))
            models.add(row["model"])
            photos[row["person_id"]][row["source"]] = (min(taken_on, row["taken_on"]), models)
        return {person: sorted((ReferencePhoto(t, frozenset(m)) for t, m in by_source.values()),
                               key=lambda p: p.taken_on)
                for person, by_source in photos.items()}

    def template_count(self, person_id: str) -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM templates WHERE person_id = ?", (person_id,)).fetchone()[0]

    # Audit log -------------------------------------------------------------

    def record_check(self, entry: dict) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO audit (check_id, time, source, actor, channel, account, decision, summary,"
                " image_hashes) VALUES (:check_id, :time, :source, :actor, :channel, :account, :decision,"
                " :summary, :image_hashes)",
                {**entry, "summary": json.dumps(entry["summary"]),
                 "image_hashes": json.dumps(entry["image_hashes"])},
            )

    def check_decision(self, check_id: str) -> str | None:
        row = self.db.execute("SELECT decision FROM audit WHERE check_id = ?", (check_id,)).fetchone()
        return row["decision"] if row else None

    def record_override(self, check_id: str, reason: str, now: str, actor: str = "") -> bool:
        """The reason a warning was overridden, when, and by whom (the teacher's token on the school server)."""
        with self.transaction() as db:
            return db.execute(
                "UPDATE audit SET override_reason = ?, override_time = ?, override_actor = ? WHERE check_id = ?",
                (reason, now, actor, check_id),
            ).rowcount > 0

    def audit_entries(self, limit: int = 200) -> list[dict]:
        rows = self.db.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,))
        return [
            {**dict(r), "summary": json.loads(r["summary"]),
             "image_hashes": json.loads(r["image_hashes"])}
            for r in rows
        ]

    def record_event(self, event: AdminEvent) -> None:
        """An administrative event for the audit log: who, when, what, how many; no photos."""
        with self.transaction() as db:
            _insert_event(db, event)

    def admin_events(self, limit: int = 200) -> list[dict]:
        rows = self.db.execute("SELECT * FROM admin_events ORDER BY id DESC LIMIT ?", (limit,))
        return [{**dict(r), "details": json.loads(r["details"])} for r in rows]

    # Pairing and tokens ------------------------------------------------------

    def add_token(self, token_hash: str, name: str, now: str, origin: str = "") -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO tokens (hash, name, created_at, origin) VALUES (?, ?, ?, ?)",
                       (token_hash, name, now, origin))

    def token(self, token_hash: str):
        """The paired extension (name, origin, last_seen) this token hash belongs to, or None."""
        return self.db.execute("SELECT name, origin, last_seen FROM tokens WHERE hash = ?", (token_hash,)).fetchone()

    def token_name(self, token_hash: str) -> str | None:
        """The name a paired extension gave itself, or None for an unknown token."""
        row = self.token(token_hash)
        return row["name"] if row else None

    def token_seen(self, token_hash: str, day: str) -> None:
        """Remember the day a token was last used (a day, so a busy extension writes once a day)."""
        with self.transaction() as db:
            db.execute("UPDATE tokens SET last_seen = ? WHERE hash = ?", (day, token_hash))

    def tokens(self) -> list[dict]:
        """Paired extensions, oldest first; `id` is a short prefix of the hash, enough to revoke one."""
        rows = self.db.execute("SELECT hash, name, created_at, origin, last_seen FROM tokens ORDER BY created_at")
        return [{"id": r["hash"][:12], "name": r["name"], "created_at": r["created_at"],
                 "origin": r["origin"], "last_seen": r["last_seen"]} for r in rows]

    def token_origins(self) -> set[str]:
        """Origins that paired; "" stands for a token paired before tokens were bound to an origin."""
        return {r["origin"] for r in self.db.execute("SELECT DISTINCT origin FROM tokens")}

    def revoke_token(self, token_id: str) -> bool:
        """Unpair the extension whose token hash starts with `token_id` (12 hex characters)."""
        if len(token_id) != 12 or any(c not in "0123456789abcdef" for c in token_id):
            return False
        with self.transaction() as db:
            return db.execute("DELETE FROM tokens WHERE substr(hash, 1, 12) = ?", (token_id,)).rowcount > 0

    def set_pairing_code(self, code_hash: str, expires_at: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO pairing (id, code_hash, expires_at, attempts) VALUES (1, ?, ?, 0)"
                " ON CONFLICT(id) DO UPDATE SET code_hash = excluded.code_hash,"
                " expires_at = excluded.expires_at, attempts = 0",
                (code_hash, expires_at),
            )

    def claim_pairing_try(self, max_attempts: int, now: str):
        """Count one try against the code, in one statement, and return the code if a try was left.

        Reading the count and writing it back in two steps let concurrent guesses
        share one count (8-10 tries instead of 5).
        """
        with self.transaction() as db:
            return db.execute(
                "UPDATE pairing SET attempts = attempts + 1 WHERE id = 1 AND attempts < ? AND expires_at > ?"
                " RETURNING code_hash, attempts", (max_attempts, now)).fetchone()

    def pairing_code(self):
        return self.db.execute("SELECT * FROM pairing WHERE id = 1").fetchone()

    def clear_pairing_code(self) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM pairing")

    def use_pairing_code(self, code_hash: str) -> bool:
        """Use the code up; True for the one caller that did."""
        with self.transaction() as db:
            return db.execute("DELETE FROM pairing WHERE code_hash = ?", (code_hash,)).rowcount > 0


def _insert_event(db, event: AdminEvent) -> None:
    db.execute("INSERT INTO admin_events (time, actor, action, count, details) VALUES (?, ?, ?, ?, ?)",
               (event.time, event.actor, event.action, event.count, json.dumps(event.details, ensure_ascii=False)))


def _person(row) -> Person:
    return Person(row["id"], row["first_name"], row["infix"], row["last_name"], row["role"],
                  row["class_group"], row["birth_date"], row["left_on"])

