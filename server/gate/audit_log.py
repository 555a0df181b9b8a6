"""The audit log as people read it: checks and administrative events, in Dutch, in local time.

The registry keeps codes (decision, status, channel); this module turns them
into Dutch words for `poortwachter audit` and /beheer/auditlog. `--json`
keeps the codes.
"""
from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass

from server.gate.consent import CHANNEL_LABELS
from server.gate.labels import (ACCOUNT_LABELS, DECISION_LABELS, ENTITY_LABELS, SOURCE_LABELS, STATUS_LABELS,
                           dutch_date)
from server.registry import AdminEvent, Registry

ACTION_LABELS = {
    "import": "toestemmingslijst geïmporteerd",
    "enrol": "referentiefoto's ingeschreven",
    "withdraw": "toestemming ingetrokken",
    "erase": "persoon verwijderd",
    "password": "beheerwachtwoord ingesteld",
    "pair": "extensie gekoppeld",
    "unpair": "extensie ontkoppeld",
    "purge": "gezichtskenmerken van vertrokken personen verwijderd",
    "restore": "back-up teruggezet",
    "account": "account gemaakt",  # the school server's accounts
    "account_password": "wachtwoord van een account gewijzigd",
    "account_removed": "account verwijderd",
}


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def event(action: str, count: int = 0, actor: str | None = None, **details) -> AdminEvent:
    """An administrative event made now; `actor` defaults to the computer user."""
    return AdminEvent(action, actor or getpass.getuser(), count, details, now())


def record(registry: Registry, action: str, count: int = 0, actor: str | None = None, **details) -> None:
    """Log an administrative event in a transaction of its own."""
    registry.record_event(event(action, count, actor, **details))


def local_time(value: str) -> str:
    """An ISO time with its offset as '21-11-2026 09:41' on this computer's clock."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d-%m-%Y %H:%M")


@dataclass(frozen=True)
class Line:
    """One line of the audit log as a person reads it."""

    time: str  # ISO, for sorting
    when: str  # 21-11-2026 09:41
    who: str
    what: str  # 'controle (zelfcontrole)' or 'toestemming ingetrokken'
    decision: str  # a decision code for checks, '' for events (the page colours by it)
    details: str
    reason: str = ""


def lines(registry: Registry, limit: int) -> list[Line]:
    """The newest `limit` checks and events, newest first."""
    merged = [_check_line(e) for e in registry.audit_entries(limit)]
    merged += [_event_line(e) for e in registry.admin_events(limit)]
    merged.sort(key=lambda line: dt.datetime.fromisoformat(line.time).timestamp(), reverse=True)
    return merged[:limit]


def _check_line(entry: dict) -> Line:
    findings = []
    for finding in entry["summary"]:
        word = STATUS_LABELS.get(finding.get("status")) or ENTITY_LABELS.get(finding.get("entity"), finding["kind"])
        findings.append(f"{word} ({finding['person_id']})" if finding.get("person_id") else word)
    where = [CHANNEL_LABELS.get(entry["channel"], entry["channel"]), ACCOUNT_LABELS.get(entry["account"], "")]
    details = ", ".join(part for part in where if part)
    if findings:
        details += ": " + ", ".join(findings)
    reason = entry["override_reason"] or ""
    if reason and entry.get("override_time"):
        reason += f" ({local_time(entry['override_time'])})"
    if reason and entry.get("override_actor"):  # the school server: the teacher who overrode
        reason += f", door {entry['override_actor']}"
    return Line(entry["time"], local_time(entry["time"]), entry["actor"] or "-",
                f"controle via {SOURCE_LABELS.get(entry['source'], entry['source'])}",
                entry["decision"], f"{DECISION_LABELS.get(entry['decision'], entry['decision'])}; {details}",
                reason)


def _event_line(event: dict) -> Line:
    return Line(event["time"], local_time(event["time"]), event["actor"],
                ACTION_LABELS.get(event["action"], event["action"]), "", describe_event(event))


def describe_event(event: dict) -> str:
    """What an event did, in Dutch: counts, the person, the channel."""
    d, count = event["details"], event["count"]
    action = event["action"]
    if action == "import":
        back = f"{d['returning']} terug, " if d.get("returning") else ""
        text = f"{d.get('new', 0)} nieuw, {d.get('changed', 0)} gewijzigd, {back}{d.get('left', 0)} vertrokken"
        return text + (f" (bestand {d['file']})" if d.get("file") else "")
    if action == "enrol":
        people = d.get("people", [])
        return f"{count} foto('s) voor {', '.join(people)}" + (f"; {d['failed']} overgeslagen" if d.get("failed") else "")
    if action == "withdraw":
        channel = CHANNEL_LABELS.get(d.get("channel") or "", "alle kanalen")
        return f"{d.get('person_id', '')}, {channel}, per {dutch_date(d.get('date'))}"
    if action == "erase":  # no pupil number: the person is gone, from the log too
        return f"{count} {d.get('role', 'persoon')}, met alle toestemmingen en gezichtskenmerken"
    if action == "password":
        return "het eerste wachtwoord" if d.get("first") else "gewijzigd; eerdere aanmeldingen zijn beëindigd"
    if action in ("pair", "unpair"):
        return f"extensie '{d.get('name', '')}'"
    if action == "purge":
        return f"{count} gezichtskenmerken, vertrokken vóór {dutch_date(d.get('before'))}"
    if action == "restore":
        return f"uit {d.get('file', '')}"
    if action == "account":
        return f"{d.get('name', '')} ({d.get('role', '')})"
    if action == "account_removed":
        extensions = d.get("extensions", 0)
        paired = f"{extensions} gekoppelde extensie(s) ontkoppeld" if extensions else "geen gekoppelde extensies"
        return f"{d.get('name', '')} ({d.get('role', '')}, {d.get('username', '')}); {paired}"
    return ""
