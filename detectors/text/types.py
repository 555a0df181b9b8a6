"""Plain data types exchanged between the server and the text detector."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class KnownPerson:
    """One row of the school's consent list."""

    id: str  # "L1001", "M002"
    first_name: str  # roepnaam, e.g. "Zoë"
    infix: str  # tussenvoegsel, e.g. "van den" or ""
    last_name: str  # "Yılmaz"
    role: str  # "leerling" or "medewerker"


@dataclass(frozen=True)
class SchoolProfile:
    """The school's own public contact data (school.toml): never a finding."""

    name: str = ""
    contact_emails: tuple[str, ...] = ()
    contact_phones: tuple[str, ...] = ()
    contact_addresses: tuple[str, ...] = ()

    @classmethod
    def from_toml(cls, path: str | Path) -> "SchoolProfile":
        """Read school.toml; a missing file is an empty profile (nothing exempt)."""
        path = Path(path)
        if not path.is_file():
            return cls()
        with path.open("rb") as fh:
            data = tomllib.load(fh)

        def strings(key: str) -> tuple[str, ...]:
            value = data.get(key, ())
            if isinstance(value, str):
                value = [value]
            return tuple(str(v) for v in value)

        return cls(
            name=str(data.get("name", "")),
            contact_emails=strings("contact_emails"),
            contact_phones=strings("contact_phones"),
            contact_addresses=strings("contact_addresses"),
        )


@dataclass(frozen=True)
class TextEntity:
    """One piece of personal or sensitive data found in a text."""

    entity: str  # PERSON, NL_BSN, PHONE_NUMBER, ...
    start: int
    end: int
    text: str
    score: float
    recognizer: str  # what found it, readable: "consent list: full name"
    person_id: str | None = None  # set when a consent-list person
    role: str | None = None  # "leerling" / "medewerker" for consent-list people


class TextTooLong(ValueError):
    """The text exceeds MAX_TEXT_CHARS; the message is Dutch and user-facing."""

    def __init__(self, length: int, limit: int):
        self.length = length
        self.limit = limit
        super().__init__(
            f"De tekst is te lang om te controleren: {length:,} tekens, "
            f"de grens is {limit:,} tekens. Splits de tekst in delen.".replace(",", ".")
        )
