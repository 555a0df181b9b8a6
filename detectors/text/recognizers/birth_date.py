"""BIRTH_DATE: a date told as someone's birth date or birthday.

A bare date ("op 12 mei komt de fotograaf") is no personal data; a date is a
birth date when a birth word stands in the same sentence ("geboren op 3 maart
2015", "Op 14 maart 2016 werd Emma geboren", "geboortedatum: 14-03-2018",
"jarig op 5 mei").
"""
from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

from detectors.text.recognizers.dates import DATE

BIRTH_WORDS = regex.compile(
    r"(?<![\p{L}])(?:geboren|geboorte\w*|geb\.|verjaardag|jarig|bevallen|bevalling|"
    r"levenslicht|born)(?![\p{L}])", regex.IGNORECASE)


class BirthDateRecognizer(PatternRecognizer):
    """Recognize dates that are somebody's birth date (birth word in the same sentence)."""

    PATTERNS = [Pattern("datum", rf"(?<![\p{{L}}\d])(?:{DATE})(?![\p{{L}}\d])", 0.3)]
    CONTEXT = ["geboren", "geboortedatum", "verjaardag", "jarig"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "BIRTH_DATE", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "BirthDateRecognizer")

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for r in results:
            sentence = _sentence_around(text, r.start, r.end)
            # "geb. 3-3-2015": the abbreviation's dot would end the sentence too early.
            if BIRTH_WORDS.search(sentence) or BIRTH_WORDS.search(text[max(0, r.start - 12):r.start]):
                r.score = 0.85
                kept.append(r)
        return kept


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding [start, end): up to the nearest . ! ? or newline."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    rights = [i for i in (text.find(c, end) for c in "!?\n") if i != -1]
    # A dot inside "3 mrt." or "14.03.2015" must not end the sentence: need dot + space.
    dot = regex.search(r"\.(?:\s|$)", text[end:])
    if dot:
        rights.append(end + dot.start())
    right = min(rights) if rights else len(text)
    return text[left + 1:right]
