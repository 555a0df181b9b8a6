"""PERSON from the school's consent list: pupils and staff by full name, first
name alone or surname, in any case and with or without diacritics."""
from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from detectors.text.names import PARTICLES, TITLES, is_common_word
from detectors.text.normalize import Token, fold, tokenize
from detectors.text.types import KnownPerson

MAX_NAME_TOKENS = 6


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

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        tokens = tokenize(text)
        results: list[RecognizerResult] = []
        i = 0
        while i < len(tokens):
            match = self._longest_match(text, tokens, i)
            if match is None:
                i += 1
                continue
            n, person, kind, score = match
            start, end = tokens[i].start, tokens[i + n - 1].end
            results.append(self._result(start, end, person, kind, score))
            i += n
        return results

    def _longest_match(self, text: str, tokens: list[Token], i: int):
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
            score = self._accept(tokens, i, n, kind)
            if score is None:
                continue
            person = next(iter(people.values())) if len(people) == 1 else _ambiguous(people.values())
            return n, person, kind, score
        return None

    @staticmethod
    def _accept(tokens: list[Token], i: int, n: int, kind: str) -> float | None:
        """Score for this match, or None when the words are probably not this name."""
        if kind == "volledige naam":
            return 1.0
        head = tokens[i]
        after = tokens[i + n] if i + n < len(tokens) else None
        before = tokens[i - 1] if i > 0 else None
        titled = before is not None and before.folded in TITLES
        # "Sanne Jansen" when only Sanne de Vries is on the list: someone else.
        if after is not None and after.is_capitalized and not after.sentence_start \
                and after.folded not in PARTICLES and not titled:
            return None
        common = all(is_common_word(t.folded) for t in tokens[i:i + n] if t.folded not in PARTICLES)
        if kind == "voornaam":
            if common and not head.is_capitalized:
                return None
            return 0.85
        # Surname alone: capitalised, and not a sentence-initial ordinary word ("Bakker bakt").
        if not tokens[i + n - 1].is_capitalized:
            return None
        if common and head.sentence_start and not titled:
            return None
        return 0.8 if titled or not common else 0.6

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
