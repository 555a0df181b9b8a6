"""What a consent import will do, before it does it: new, changed and leaving people.

A pupil export usually holds no staff, and a staff list no pupils: a full
import marks people as left only within a role that appears in the file, so
importing the one never wipes the other. The same rule decides the preview
and the import itself (`people_leaving`).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the registry imports this module for the leaving rule
    from server.registry import Consent, Person, Registry

ROLE_WORDS = {"leerling": ("leerling", "leerlingen"), "medewerker": ("medewerker", "medewerkers")}


def people_leaving(current: Iterable[Person], in_file: Sequence[Person], full: bool) -> list[Person]:
    """People still at school who are not in the file, of a role the file has; none for a partial import."""
    if not full:
        return []
    ids = {p.id for p in in_file}
    roles = {p.role for p in in_file}
    return [p for p in current if not p.left_on and p.id not in ids and p.role in roles]


@dataclass
class ImportPlan:
    """The import's effect, person by person; `digest` tells whether a confirmed plan still holds."""

    new: list[Person] = field(default_factory=list)
    changed: list[Person] = field(default_factory=list)
    returning: list[Person] = field(default_factory=list)  # marked as left before, in the file again
    leaving: list[Person] = field(default_factory=list)
    unchanged: int = 0
    kept_roles: list[str] = field(default_factory=list)  # roles not in the file: nobody of them leaves

    @property
    def does_something(self) -> bool:
        return bool(self.new or self.changed or self.returning or self.leaving)

    @property
    def digest(self) -> str:
        parts = [f"{kind}:{p.id}" for kind in ("new", "changed", "returning", "leaving")
                 for p in getattr(self, kind)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def plan_import(registry: Registry, rows: Sequence[tuple[Person, list[Consent]]], full: bool) -> ImportPlan:
    """Compare the parsed file with the registry; changes nothing."""
    current = {p.id: p for p in registry.people(include_left=True)}
    consents = registry.consent_map()
    in_file = [person for person, _ in rows]
    plan = ImportPlan(leaving=people_leaving(current.values(), in_file, full))
    roles = {p.role for p in in_file}
    plan.kept_roles = sorted({p.role for p in current.values() if not p.left_on and p.role not in roles}) if full else []
    for person, person_consents in rows:
        before = current.get(person.id)
        if before is None:
            plan.new.append(person)
        elif before.left_on:
            plan.returning.append(person)
        elif _differs(before, person) or any(
                consents.get((person.id, c.channel, c.school_year)) != (c.given, c.given_by)
                for c in person_consents):
            plan.changed.append(person)
        else:
            plan.unchanged += 1
    return plan


def _differs(before: Person, after: Person) -> bool:
    return (before.first_name, before.infix, before.last_name, before.role, before.class_group,
            before.birth_date) != (after.first_name, after.infix, after.last_name, after.role,
                                   after.class_group, after.birth_date)


def count_by_role(people: Iterable[Person]) -> str:
    """'3 leerlingen, 1 medewerker'; '0' for nobody."""
    counts = Counter(p.role for p in people)
    if not counts:
        return "0"
    total = sum(counts.values())
    detail = ", ".join(f"{n} {ROLE_WORDS[role][0 if n == 1 else 1]}" for role, n in sorted(counts.items()))
    return f"{total} ({detail})"


def person_line(person: Person) -> str:
    """'L1017 Fenna Smit (leerling, groep 8)'."""
    group = f", groep {person.class_group}" if person.class_group else ""
    return f"{person.id} {person.name} ({person.role}{group})"


def describe(plan: ImportPlan, retention_days: int) -> list[str]:
    """The plan as Dutch lines for a terminal; the page shows the same in a table."""
    lines = [f"Nieuw: {count_by_role(plan.new)}", f"Gewijzigd: {count_by_role(plan.changed)}"]
    if plan.returning:
        lines.append(f"Terug op de lijst: {count_by_role(plan.returning)}")
        lines += [f"  {person_line(p)}" for p in plan.returning]
    lines.append(f"Vertrekt: {count_by_role(plan.leaving)}")
    lines += [f"  {person_line(p)}" for p in plan.leaving]
    if plan.leaving:
        lines.append(f"Hun gezichtskenmerken blijven {retention_days} dagen bewaard; een import van het "
                     "juiste bestand maakt dit ongedaan.")
    if plan.kept_roles:
        lines.append(kept_roles_sentence(plan))
    lines.append(f"Ongewijzigd: {plan.unchanged}")
    return lines


def kept_roles_sentence(plan: ImportPlan) -> str:
    """'Er staan geen medewerkers in het bestand: die blijven zoals ze zijn.'"""
    words = " en ".join(ROLE_WORDS[r][1] for r in plan.kept_roles)
    return f"Er staan geen {words} in het bestand: die blijven zoals ze zijn."


def outcome(added: int, plan: ImportPlan, left: int) -> str:
    """'2 nieuw, 1 gewijzigd, 16 terug op de lijst, 3 als vertrokken gemarkeerd' ('terug' only when some are)."""
    back = f"{len(plan.returning)} terug op de lijst, " if plan.returning else ""
    return f"{added} nieuw, {len(plan.changed)} gewijzigd, {back}{left} als vertrokken gemarkeerd"
