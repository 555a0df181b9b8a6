"""Read a consent list exported from the pupil administration.

The native format is Poortwachter's own (`;`, Dutch headers, dd-mm-jjjj), but
`,` and ISO dates are read as well, and a small TOML mapping file maps the
columns of another export (Magister, ParnasSys, Somtoday) onto the native ones.
A wrong file raises ConsentFileError naming the line and the column; nothing
is half-read.
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib.resources
import io
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from server.registry import CHANNELS, Consent, Person
from server.safe_read import FileReadError, InMemory, read_regular_file, read_source

REQUIRED = ("leerlingnummer", "roepnaam", "achternaam", "rol", "schooljaar", "toestemming_door")
OPTIONAL = ("tussenvoegsel", "groep", "geboortedatum", *CHANNELS)
ROLES = {"leerling": "leerling", "medewerker": "medewerker", "personeel": "medewerker",
         "docent": "medewerker", "leerkracht": "medewerker"}
GIVERS = {"ouder": "ouder", "ouders": "ouder", "verzorger": "ouder", "zelf": "zelf",
          "leerling": "zelf", "medewerker": "zelf"}
YES = {"ja", "j", "yes", "y", "1", "true", "waar", "x"}
NO = {"nee", "n", "no", "0", "false", "onwaar"}
SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[-/]\s*(\d{4})$")
BUILTIN_MAPPINGS = ("magister", "parnassys", "somtoday")
# Far above any school's export (2,000 pupils are some 200 kB); /dev/zero or a pipe is refused before this.
MAX_LIST_BYTES = 16 * 1024 * 1024
MAX_MAPPING_BYTES = 1024 * 1024


class ConsentFileError(ValueError):
    """A consent list that cannot be imported; the message is Dutch and names the place."""


def parse_consent_file(path: Path, mapping: str | Path | None = None) -> list[tuple[Person, list[Consent]]]:
    """Parse and validate the whole file; raise ConsentFileError on the first problem."""
    text = read_text(path)
    columns, value_map, date_formats = _load_mapping(mapping)
    dialect = sniff_dialect(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    with csv_errors(reader):
        return _parse_rows(reader, columns, value_map, date_formats)


@contextmanager
def csv_errors(reader: csv.DictReader) -> Iterator[None]:
    """A line the csv module cannot split (a stray quote or NUL) is a ConsentFileError, not a crash."""
    try:
        yield
    except csv.Error:
        raise ConsentFileError(
            f"Regel {reader.line_num + 1}: deze regel is geen geldige CSV-regel "
            "(een los aanhalingsteken of een onleesbaar teken?)."
        ) from None


def _parse_rows(reader: csv.DictReader, columns: dict[str, str], value_map: dict[str, dict[str, str]],
                date_formats: list[str]) -> list[tuple[Person, list[Consent]]]:
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = [columns.get(h.lower(), h.lower()) for h in header]
    missing = [c for c in REQUIRED if c not in reader.fieldnames]
    if missing:
        raise ConsentFileError(
            f"Regel 1: de kolom{'men' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"ontbreekt. Gebruik de kolomnamen van het standaardformaat of een koppelbestand (--mapping)."
        )
    rows: list[tuple[Person, list[Consent]]] = []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in record.items() if k}
        values = {k: value_map.get(k, {}).get(v.lower(), v) for k, v in values.items()}
        person, consents = _row(values, line, date_formats)
        if person.id in seen:
            raise ConsentFileError(f"Regel {line}, kolom leerlingnummer: {person.id} staat er twee keer in.")
        seen.add(person.id)
        rows.append((person, consents))
    if not rows:
        raise ConsentFileError("Het bestand bevat geen personen.")
    return rows


def read_text(path: Path | InMemory) -> str:
    try:
        raw = read_source(path, MAX_LIST_BYTES)
    except FileReadError as error:
        raise ConsentFileError(str(error)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows still writes cp1252.
        return raw.decode("cp1252", errors="replace")


def sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The separator, from the header line (rows may hold a separator inside a quoted note).

    The header has no quoted values, so it cannot show that a quote inside a value
    is doubled ("Jan ""Jantje"" de Vries"); every spreadsheet writes it that way,
    so that holds whatever the header shows.
    """
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
    except csv.Error:
        raise ConsentFileError(
            "Regel 1: geen kolommen gevonden; verwacht een CSV-bestand gescheiden door ; of ,."
        ) from None
    dialect.doublequote = True
    dialect.quotechar = dialect.quotechar or '"'
    return dialect


def _load_mapping(mapping: str | Path | None) -> tuple[dict[str, str], dict[str, dict[str, str]], list[str]]:
    """Column map (export header, lower case -> native), value maps, date formats."""
    if mapping is None:
        return {}, {}, []
    if str(mapping).lower() in BUILTIN_MAPPINGS:
        source = importlib.resources.files("server.registry").joinpath(f"mappings/{str(mapping).lower()}.toml")
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    else:
        try:
            data = tomllib.loads(read_regular_file(Path(mapping), MAX_MAPPING_BYTES).decode("utf-8"))
        except FileReadError as error:
            raise ConsentFileError(f"Koppelbestand {error}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ConsentFileError(f"Koppelbestand {mapping} is geen geldige TOML: {error}.") from None
    try:  # valid TOML of another shape (columns = 1) is as wrong as no TOML
        columns = {str(k).strip().lower(): str(v) for v, k in data.get("columns", {}).items()}
        values = {
            column: {str(k).lower(): str(v) for k, v in table.items()}
            for column, table in data.get("values", {}).items()
        }
        return columns, values, [str(f) for f in data.get("date_formats", [])]
    except (AttributeError, TypeError):
        raise ConsentFileError(
            f"Koppelbestand {mapping} heeft niet de verwachte vorm: tabellen [columns] en [values], "
            "een lijst date_formats."
        ) from None


def _row(values: dict[str, str], line: int, date_formats: list[str]) -> tuple[Person, list[Consent]]:
    def need(column: str) -> str:
        if not values.get(column):
            raise ConsentFileError(f"Regel {line}, kolom {column}: de waarde ontbreekt.")
        return values[column]

    role = ROLES.get(need("rol").lower())
    if role is None:
        raise ConsentFileError(
            f"Regel {line}, kolom rol: '{values['rol']}' is geen leerling of medewerker."
        )
    given_by = GIVERS.get(need("toestemming_door").lower())
    if given_by is None:
        raise ConsentFileError(
            f"Regel {line}, kolom toestemming_door: '{values['toestemming_door']}' is geen ouder of zelf."
        )
    year = SCHOOL_YEAR.match(need("schooljaar"))
    if not year or int(year.group(2)) != int(year.group(1)) + 1:
        raise ConsentFileError(
            f"Regel {line}, kolom schooljaar: '{values['schooljaar']}' is geen schooljaar als 2026-2027."
        )
    school_year = f"{year.group(1)}-{year.group(2)}"
    birth = values.get("geboortedatum", "")
    if role == "leerling" and not birth:
        raise ConsentFileError(
            f"Regel {line}, kolom geboortedatum: nodig voor een leerling (toestemming vanaf 16 jaar)."
        )
    person = Person(
        id=need("leerlingnummer"),
        first_name=need("roepnaam"),
        infix=values.get("tussenvoegsel", ""),
        last_name=need("achternaam"),
        role=role,
        class_group=values.get("groep", ""),
        birth_date=parse_date(birth, line, "geboortedatum", date_formats) if birth else None,
    )
    consents = [
        Consent(channel, school_year, _yes_no(values.get(channel, ""), line, channel), given_by, None)
        for channel in CHANNELS
    ]
    return person, consents


def _yes_no(value: str, line: int, column: str) -> bool | None:
    if not value:
        return None  # not registered: treated as no consent
    if value.lower() in YES:
        return True
    if value.lower() in NO:
        return False
    raise ConsentFileError(f"Regel {line}, kolom {column}: '{value}' is geen ja, nee of leeg.")


def parse_date(value: str, line: int, column: str, extra_formats: list[str] = ()) -> str:
    """dd-mm-jjjj, dd/mm/jjjj or ISO jjjj-mm-dd to an ISO date string."""
    for fmt in (*extra_formats, "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise ConsentFileError(
        f"Regel {line}, kolom {column}: '{value}' is geen geldige datum (dd-mm-jjjj of jjjj-mm-dd)."
    )
