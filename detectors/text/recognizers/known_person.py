"""PERSON from the school's consent list: pupils and staff by full name, first
name alone or surname, in any case and with or without diacritics."""
from __future__ import annotations

from collections.abc import Sequence

import regex

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from detectors.text.names import ADULT_TITLES, PARTICLES, TITLES, first_names, is_common_word
from detectors.text.normalize import Token, fold, tokenize
from detectors.text.types import KnownPerson

MAX_NAME_TOKENS = 6
# Words right before a name in a greeting or thanks: "dank je wel roos", "lieve sem".
GREETINGS = frozenset("""
hoi hallo hey hee hi dag doei lieve liefste beste dankjewel dankuwel bedankt gefeliciteerd proficiat
welkom bravo knap toppie top super wel
""".split())
_NOT_THIS_NAME = object()


# Scores sit above the unknown-name recognizer's (at most 0.9), so that Presidio keeps
# the consent-list result, with its person and role, when both find the same words.
class KnownPersonRecognizer(EntityRecognizer):
    """Recognize people on the consent list; results carry their id and role.

    Full names match in any case ("sanne de vries", "ZOE PETERS").  A first name
    alone matches in any case unless it is also a Dutch word ("Roos" / "roos"),
    then it must be capitalised.  A surname alone must be capitalised and, if it
    is also a word ("Bakker"), not the first word of a sentence.
    """

    ENTITIES = ["PERSON"]

    def __init__(self, people: Sequence[KnownPerson] = (), supported_language: str = "nl"):
        self._index: dict[tuple[str, ...], list[tuple[KnownPerson, str]]] = {}
        self._heads: set[str] = set()
        super().__init__(supported_entities=self.ENTITIES, name="KnownPersonRecognizer",
                         supported_language=supported_language)
        self.set_people(people)

    def load(self) -> None:  # the index is built in set_people
        pass

    def set_people(self, people: Sequence[KnownPerson]) -> None:
        """Replace the consent list; cheap (a dict of name variants), no engine rebuild."""
        index: dict[tuple[str, ...], list[tuple[KnownPerson, str]]] = {}
        for person in people:
            first = _words(person.first_name)
            infix = _words(person.infix)
            last = _words(person.last_name)
            variants = {
                tuple(first + infix + last): "volledige naam",
                tuple(first + last): "volledige naam",
                tuple(first): "voornaam",
                tuple(infix + last): "achternaam",
            }
            for key, kind in variants.items():
                if key and all(key):
                    index.setdefault(key, []).append((person, kind))
        self._index = index
        self._heads = {key[0] for key in index}

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        tokens = tokenize(text)
        matches: list[tuple[int, int, KnownPerson, str, float | None]] = []
        i = 0
        while i < len(tokens):
            match = self._longest_match(text, tokens, i)
            if match is None:
                i += 1
                continue
            n, person, kind, score = match
            matches.append((i, n, person, kind, score))
            i += n
        accepted = _accept_lower_case_names(text, tokens, matches)
        return [self._result(tokens[i].start, tokens[i + n - 1].end, person, kind, score)
                for i, n, person, kind, score in accepted]

    def _longest_match(self, text: str, tokens: list[Token], i: int):
        if tokens[i].folded not in self._heads:
            return None
        before = tokens[i - 1] if i > 0 and not text[tokens[i - 1].end:tokens[i].start].strip(" .") else None
        adult_title = before is not None and before.folded in ADULT_TITLES
        for n in range(min(MAX_NAME_TOKENS, len(tokens) - i), 0, -1):
            window = tokens[i:i + n]
            if not _adjacent(text, window):
                continue
            key = tuple(t.folded for t in window)
            candidates = self._index.get(key)
            if not candidates:
                continue
            kinds = {kind for _, kind in candidates}
            kind = "volledige naam" if "volledige naam" in kinds else candidates[0][1]
            people = {p.id: p for p, k in candidates if k == kind}
            if adult_title and kind != "volledige naam":
                # "juf Anja" is the staff member Anja; "meester Daan" is no pupil Daan.
                people = {pid: p for pid, p in people.items() if p.role == "medewerker"}
                if not people:
                    continue
            initial = _initial_before(text, tokens, i)
            if initial and kind == "achternaam":
                # "B. Smit" is not Mila Smit.
                people = {pid: p for pid, p in people.items() if fold(p.first_name)[:1] == initial}
                if not people:
                    continue
            score = self._accept(text, tokens, i, n, kind)
            if score is _NOT_THIS_NAME:
                continue
            person = next(iter(people.values())) if len(people) == 1 else _ambiguous(people.values())
            return n, person, kind, score
        return None

    @staticmethod
    def _accept(text: str, tokens: list[Token], i: int, n: int, kind: str):
        """Score for this match; None when it counts only where a name stands
        (a lower-case first name that is also a word); _NOT_THIS_NAME when the
        words are probably not this person."""
        if kind == "volledige naam":
            return 1.0
        head = tokens[i]
        after = tokens[i + n] if i + n < len(tokens) else None
        before = tokens[i - 1] if i > 0 else None
        titled = before is not None and before.folded in TITLES
        # "Sanne Jansen" or "Kees de Groot" when only Sanne de Vries and Kees Brouwer
        # are on the list: someone else; the whole name decides.
        if after is not None and not after.sentence_start and not text[tokens[i + n - 1].end:after.start].strip():
            if after.is_capitalized and after.folded not in PARTICLES:
                return _NOT_THIS_NAME
            if kind == "voornaam" and after.folded in PARTICLES and _particle_then_capital(text, tokens, i + n):
                return _NOT_THIS_NAME
        # "Bas de Groot" when only Bram de Groot is on the list: a different first name.
        if kind == "achternaam" and before is not None and before.is_capitalized and not titled \
                and (not before.sentence_start or before.folded in first_names()) \
                and not text[before.end:head.start].strip():
            return _NOT_THIS_NAME
        common = all(is_common_word(t.folded) for t in tokens[i:i + n] if t.folded not in PARTICLES)
        if kind == "voornaam":
            if common and not head.is_capitalized:
                return None
            return 0.95
        # Surname alone: capitalised, and not a sentence-initial ordinary word ("Bakker bakt").
        if not tokens[i + n - 1].is_capitalized:
            return _NOT_THIS_NAME
        if common and head.sentence_start and not titled:
            return _NOT_THIS_NAME
        return 0.92 if titled or not common else 0.7

    def _result(self, start: int, end: int, person: KnownPerson, kind: str, score: float) -> RecognizerResult:
        who = f"{person.role} {person.id}" if person.id else person.role
        explanation = AnalysisExplanation(
            recognizer=self.name, original_score=score,
            textual_explanation=f"toestemmingslijst: {kind} van {who}")
        return RecognizerResult("PERSON", start, end, score, analysis_explanation=explanation,
                                recognition_metadata={
                                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                                    "person_id": person.id or None, "role": person.role})


def _initial_before(text: str, tokens: list[Token], i: int) -> str | None:
    """The initial right before token i ("B. Smit", "H.J. van Dam" gives "j"), if any."""
    if i > 0 and len(tokens[i - 1].text) == 1 and tokens[i - 1].is_capitalized \
            and text[tokens[i - 1].end:tokens[i].start].strip() == ".":
        return tokens[i - 1].folded
    return None


def _particle_then_capital(text: str, tokens: list[Token], k: int) -> bool:
    """Lower-case particles from token k on, then a capitalised word: "de Groot"."""
    while k < len(tokens) and tokens[k].folded in PARTICLES and not tokens[k].is_capitalized:
        k += 1
    return k < len(tokens) and tokens[k].is_capitalized and not tokens[k].sentence_start


def _accept_lower_case_names(text: str, tokens: list[Token], matches: list) -> list:
    """Keep each match with a score; a lower-case first name that is also a word
    ("roos", "sem") counts where a name stands: after a greeting, before
    "uit groep 5", or in a list with another name ("roos en sem")."""
    accepted = {m[0]: m for m in matches if m[4] is not None}
    pending = {m[0]: m for m in matches if m[4] is None}
    changed = True
    while changed and pending:
        changed = False
        for i, m in list(pending.items()):
            others = {j: o for j, o in pending.items() if j != i}
            if _name_position(text, tokens, i, m[1]) or _listed_with(text, tokens, i, m[1], accepted) \
                    or _listed_with(text, tokens, i, m[1], others):
                accepted[i] = (m[0], m[1], m[2], m[3], 0.85)
                del pending[i]
                changed = True
    return [accepted[i] for i in sorted(accepted)]


def _name_position(text: str, tokens: list[Token], i: int, n: int) -> bool:
    before = tokens[i - 1] if i > 0 else None
    if before is not None and before.folded in ADULT_TITLES and not text[before.end:tokens[i].start].strip(" ."):
        return True  # "meester kees"
    if before is not None and before.folded in GREETINGS and not text[before.end:tokens[i].start].strip(" ,"):
        return before.folded != "wel" or (i > 1 and tokens[i - 2].folded in ("je", "jullie"))
    return bool(regex.match(r"\s*[,(]?\s*(?:uit|van|in)\s+(?:groep|klas)\b", text[tokens[i + n - 1].end:], regex.I))


def _listed_with(text: str, tokens: list[Token], i: int, n: int, accepted: dict) -> bool:
    """A neighbour in "a, b en c" is a name already accepted."""
    for j, m in accepted.items():
        first, last = (j, i) if j < i else (i, j)
        end_first = tokens[first + (m[1] if j < i else n) - 1].end
        gap = text[end_first:tokens[last].start]
        if regex.fullmatch(r"\s*(?:,|&|\+|en|,\s*en)\s*", gap, regex.I):
            return True
    return False


def _words(value: str) -> list[str]:
    return [t.folded for t in tokenize(value)]


def _adjacent(text: str, window: list[Token]) -> bool:
    """Tokens of one name are separated by blanks only (no comma or full stop)."""
    return all(text[a.end:b.start].strip() == "" for a, b in zip(window, window[1:]))


def _ambiguous(people) -> KnownPerson:
    """Several people share this name: no id, and the stricter role (a pupil) wins."""
    roles = {p.role for p in people}
    role = "leerling" if "leerling" in roles else next(iter(roles))
    return KnownPerson(id="", first_name="", infix="", last_name="", role=role)
