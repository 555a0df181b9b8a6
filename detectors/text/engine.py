"""TextAnalyzer: Presidio's AnalyzerEngine with a blank Dutch spaCy pipeline and
the Dutch recognizers, built once and kept warm by the service."""
from __future__ import annotations

import logging
from collections.abc import Sequence

import regex
import spacy
from spacy.lang.nl import Dutch
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

from detectors.text.normalize import fold
from detectors.text.recognizers import STATIC_RECOGNIZERS, KnownPersonRecognizer
from detectors.text.types import KnownPerson, SchoolProfile, TextEntity, TextTooLong

log = logging.getLogger(__name__)

LANGUAGE = "nl"
# About 7,500 words, or 25 pages: a long newsletter fits, a whole archive does not.
# Analysis is linear in length (about 1 ms per 100 characters), so the limit is
# about keeping one request short, not about memory.
MAX_TEXT_CHARS = 50_000
# Below this score a hit is too weak to show ("a number of years" with no age cue).
MIN_SCORE = 0.35


class BlankDutchNlpEngine(SpacyNlpEngine):
    """spaCy's blank Dutch pipeline (tokenizer only): no model file to install or download."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": "blank:nl"}],
                         ner_model_configuration=NerModelConfiguration(labels_to_ignore=["*"]))

    def load(self) -> None:
        nlp = _PlainDutch()
        # Presidio's context words match on lemmas; a blank pipeline has none, so
        # the lower-cased word stands in for its lemma.
        nlp.add_pipe("poortwachter_lower_lemma")
        self.nlp = {LANGUAGE: nlp}


class _PlainDutch(Dutch):
    """Dutch without spaCy's 4,670 tokenizer special cases ("bijv.", ":)"): loading them took
    most of the analyzer's start-up (0.6 s), and spaCy's tokens only serve Presidio's context
    words here (the recognizers tokenize for themselves), where "tel." split as "tel" "." is
    as good."""

    class Defaults(Dutch.Defaults):
        tokenizer_exceptions: dict = {}


@spacy.Language.component("poortwachter_lower_lemma")
def _lower_lemma(doc):
    for token in doc:
        token.lemma_ = token.lower_
    return doc


class _ExplainingEngine(AnalyzerEngine):
    """AnalyzerEngine that keeps each result's explanation (what found it) for the verdict.

    Presidio drops explanations unless decision logging is on, which would also
    serialise every result to JSON on each call.
    """

    _AnalyzerEngine__remove_decision_process = staticmethod(lambda results: results)


class TextAnalyzer:
    """Finds personal and sensitive data in Dutch text.

    Build once (about a second: the name lists and the engine) and reuse; call
    update_people() when the consent list changes.
    """

    def __init__(self, people: Sequence[KnownPerson] = (), school: SchoolProfile | None = None):
        self.school = school or SchoolProfile()
        self._known = KnownPersonRecognizer(people, supported_language=LANGUAGE)
        registry = RecognizerRegistry(supported_languages=[LANGUAGE])
        for cls in STATIC_RECOGNIZERS:
            registry.add_recognizer(cls(supported_language=LANGUAGE))
        registry.add_recognizer(self._known)
        self._engine = _ExplainingEngine(registry=registry, nlp_engine=BlankDutchNlpEngine(),
                                      supported_languages=[LANGUAGE], default_score_threshold=MIN_SCORE)
        self._school_keys = _school_keys(self.school)

    def update_people(self, people: Sequence[KnownPerson]) -> None:
        """Replace the consent list without rebuilding the engine."""
        self._known.set_people(people)

    def analyze(self, text: str) -> list[TextEntity]:
        """Entities in text, sorted by position; the school's own contact data is left out.

        Raises TextTooLong above MAX_TEXT_CHARS characters.
        """
        return [e for e in self.analyze_all(text) if not self.is_school_contact(e)]

    def analyze_all(self, text: str) -> list[TextEntity]:
        """Like analyze(), but keeps the school's own contact data (for measuring)."""
        if not isinstance(text, str):
            raise TypeError("text must be str")
        if len(text) > MAX_TEXT_CHARS:
            raise TextTooLong(len(text), MAX_TEXT_CHARS)
        if not text.strip():
            return []
        results = self._engine.analyze(text=text, language=LANGUAGE)
        return [_to_entity(text, r) for r in _resolve(results)]

    def is_school_contact(self, entity: TextEntity) -> bool:
        """True for the school's own e-mail, phone, address or postcode (never a finding)."""
        key = _contact_key(entity.entity, entity.text)
        if key is None:
            return False
        if entity.entity in ("NL_ADDRESS", "NL_POSTCODE"):
            return any(key in address for address in self._school_keys["address"])
        return key in self._school_keys[entity.entity]


def _contact_key(entity: str, text: str) -> str | None:
    if entity == "EMAIL_ADDRESS":
        return text.strip().casefold()
    if entity == "PHONE_NUMBER":
        digits = regex.sub(r"\D", "", text.replace("(0)", ""))
        return regex.sub(r"^(?:0031|31)", "0", digits)
    if entity in ("NL_ADDRESS", "NL_POSTCODE"):
        return " ".join(fold(text).replace(",", " ").split())
    return None


def _school_keys(school: SchoolProfile) -> dict[str, set[str]]:
    return {
        "EMAIL_ADDRESS": {_contact_key("EMAIL_ADDRESS", e) for e in school.contact_emails},
        "PHONE_NUMBER": {_contact_key("PHONE_NUMBER", p) for p in school.contact_phones},
        "address": {_contact_key("NL_ADDRESS", a) for a in school.contact_addresses},
    }


def _resolve(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """One result per stretch of text and type; for names the consent list wins.

    Presidio keeps overlapping results of one type when neither contains the
    other; a verdict should show each name once.
    """
    ordered = sorted(results, key=lambda r: (_priority(r), r.end - r.start, r.score), reverse=True)
    kept: list[RecognizerResult] = []
    for r in ordered:
        if any(k.entity_type == r.entity_type and k.start < r.end and r.start < k.end for k in kept):
            continue
        kept.append(r)
    # A number inside a bank account or e-mail address is part of it, not a phone or BSN.
    wrappers = [k for k in kept if k.entity_type in ("IBAN_CODE", "EMAIL_ADDRESS")]
    kept = [k for k in kept if not any(w is not k and w.entity_type != k.entity_type
                                       and w.start <= k.start and k.end <= w.end for w in wrappers)]
    return sorted(kept, key=lambda r: (r.start, r.end))


def _priority(r: RecognizerResult) -> int:
    return 1 if (r.recognition_metadata or {}).get("person_id") is not None or \
        (r.recognition_metadata or {}).get("role") else 0


def _to_entity(text: str, r: RecognizerResult) -> TextEntity:
    meta = r.recognition_metadata or {}
    explanation = r.analysis_explanation
    how = explanation.textual_explanation if explanation and explanation.textual_explanation else None
    name = meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
    if not how and explanation is not None and explanation.pattern_name:
        how = f"{name}: patroon '{explanation.pattern_name}'"
        if explanation.validation_result:
            how += " met geldige controle"
    return TextEntity(entity=r.entity_type, start=r.start, end=r.end, text=text[r.start:r.end],
                      score=round(float(r.score), 3), recognizer=how or name,
                      person_id=meta.get("person_id"), role=meta.get("role"))
