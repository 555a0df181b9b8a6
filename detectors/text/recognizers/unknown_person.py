"""PERSON for names on no consent list: offline name lists plus Dutch name shape.

No NER model can be installed here, so names are found by evidence:
- a run of capitalised words (with particles: "Henk de Jong", initials: "J. Peeters");
- a known first name (Faker's first names of ~100 locales) or surname at its ends;
- a title or kinship word before it ("juf Fatma", "minister Dewael", "zoontje Tim");
- a particle inside the run ("de", "van der"): Dutch surnames have them, places rarely do.
A single capitalised word that is also a Dutch word ("Roos", "Zon") needs a title;
a run of only Dutch words or place names ("De Zonnebloem", "Verenigde Staten") is no person.
A surname found once marks its later lone mentions in the same text ("Dehaene zei").
"""
from __future__ import annotations

from functools import cache

import regex

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from spacy.lang.nl.stop_words import STOP_WORDS

from detectors.text.names import (PARTICLES, first_names, is_common_word, is_compound_word, last_names, not_persons,
                                  places, proper_nouns, world_places)
from detectors.text.normalize import Token, fold, tokenize
from detectors.text.recognizers.name_context import DETERMINERS, not_a_person_by_context
from detectors.text.recognizers.name_runs import (ARTICLES, BRAND_ENDINGS, GUESS_UNKNOWN, NOT_NAMES, ORG_PREPOSITIONS,
                                                  PLACE_AND_TITLE_HEADS, PLACE_PREPOSITIONS, SURNAME_PARTICLES,
                                                  NameRun, is_first_name, name_runs)


class UnknownPersonRecognizer(EntityRecognizer):
    """Recognize person names that are on no list, by name lists and name shape."""

    ENTITIES = ["PERSON"]

    def __init__(self, supported_language: str = "nl"):
        super().__init__(supported_entities=self.ENTITIES, name="UnknownPersonRecognizer",
                         supported_language=supported_language)

    def load(self) -> None:
        # Touch the cached lists so the first post does not pay for reading them.
        first_names(), last_names(), places(), proper_nouns(), world_places(), not_persons(), is_common_word("")

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        tokens = tokenize(text)
        results: list[RecognizerResult] = []
        seen_surnames: set[str] = set()
        inside = {tokens[k].start for k in _not_person_spans(tokens)}
        runs = [run for run in name_runs(text, tokens) if not any(t.start in inside for t in run.tokens)]
        for run in runs:
            verdict = None if not_a_person_by_context(text, run) else _judge(run)
            if verdict is not None:
                score, why = verdict
                results.append(self._result(run.start, run.end, score, why))
                if len(run.tokens) > 1:
                    seen_surnames.add(run.tokens[-1].folded)
        # Second pass: lone later mentions of a surname already found as part of a name.
        found = {(r.start, r.end) for r in results}
        for run in runs:
            if (run.start, run.end) in found or len(run.tokens) != 1:
                continue
            if run.tokens[0].folded in seen_surnames:
                results.append(self._result(run.start, run.end, 0.6, "achternaam eerder in de tekst genoemd"))
                found.add((run.start, run.end))
        # Third pass: names in a list ("Gizem en Oğuz", "Bo en Mees", "Jayden, Dewi en Sven").
        for run, why in _listed_names(text, runs, found):
            results.append(self._result(run.start, run.end, 0.6, why))
        return results

    def _result(self, start: int, end: int, score: float, why: str) -> RecognizerResult:
        explanation = AnalysisExplanation(recognizer=self.name, original_score=score,
                                          textual_explanation=f"naam die op geen lijst staat: {why}")
        return RecognizerResult("PERSON", start, end, score, analysis_explanation=explanation,
                                recognition_metadata={
                                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id})

_LATIN_WORD = regex.compile(r"[\p{Latin}\p{M}'’\-]+")
_INNER_CAPITAL = regex.compile(r"\p{Ll}\p{Lu}")


def _unknown_name_shape(run: NameRun, word: Token) -> bool:
    """A capitalised word in no list at all, used the way names are used."""
    if word.is_all_caps or word.folded in proper_nouns() \
            or is_common_word(word.folded) or word.folded in places() or len(word.text) < 3 \
            or word.folded in world_places() or is_compound_word(word.folded) or _members_of(word.folded):
        return False
    if not _LATIN_WORD.fullmatch(word.text):
        return False  # the lists and the lexicon are Latin-script: no evidence either way
    parts = word.text.split("-")
    if any(part[:1].islower() for part in parts[1:]):
        return False  # "Axa-transactie": a compound noun
    if len(parts) > 1 and any((len(p) > 1 and p.isupper()) or fold(p) in places() or fold(p) in world_places()
                              for p in parts):
        return False  # "TDL-Belgium", "Zanu-PF": a firm or party, not a double surname
    if _brand_spelling(word):
        return False
    if word.folded.endswith(BRAND_ENDINGS):
        return False
    before = run.before
    if before is None:
        return True
    # "de Knesset", "bij Tectrade"; ("dat Spitz uithaalt" is a person: "dat" is no article there).
    # An apposition to a thing ("beurshuis Petercam") is name_context.py's to judge.
    return before.folded not in DETERMINERS and before.folded not in ORG_PREPOSITIONS


def _members_of(folded: str) -> bool:
    """"Zonnebloemers", "Utrechters": the members or people of a Dutch word or place."""
    stem = folded[:-3] if folded.endswith("ers") else folded[:-2] if folded.endswith("er") else ""
    return len(stem) >= 4 and (is_common_word(stem) or is_compound_word(stem) or stem in places())


# Endings that make a capitalised word a street, never a person: "Koningin Julianalaan".
STREET_ENDINGS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dreef", "plantsoen", "steeg",
                  "allee", "boulevard", "straatweg", "hof", "pad")


def _street(word: Token) -> bool:
    return any(word.folded.endswith(e) and len(word.folded) > len(e) + 2 for e in STREET_ENDINGS)


_LIST_GAP = regex.compile(r"\s*(?:,|&|\+|en|of|,\s*en)\s*", regex.IGNORECASE)


def _listed_names(text: str, runs: list[NameRun], found: set[tuple[int, int]]):
    """Capitalised words listed with a name ("Gizem en Oğuz") or with each other when
    both are first names ("Bo en Mees"): a list of names holds names."""
    accepted = set(found)
    changed = True
    while changed:
        changed = False
        for a, b in zip(runs, runs[1:]):
            if not _LIST_GAP.fullmatch(text[a.end:b.start]):
                continue
            for run, other in ((a, b), (b, a)):
                if (run.start, run.end) in accepted or not _may_be_listed_name(run):
                    continue
                if (other.start, other.end) in accepted and is_first_name(other.tokens[0]):
                    why = "in een opsomming met een naam"
                elif _may_be_listed_name(other) and all(is_first_name(w) for w in (run.tokens[0], other.tokens[0])):
                    why = "voornamen in een opsomming"
                else:
                    continue
                accepted.add((run.start, run.end))
                changed = True
                yield run, why


def _may_be_listed_name(run: NameRun) -> bool:
    word = run.tokens[-1]
    return len(run.tokens) == 1 and not run.organisation and not run.tokens[0].sentence_start and word.folded not in NOT_NAMES \
        and word.folded not in places() and not _street(word) and not _brand_spelling(word) and len(word.text) >= 2 \
        and (is_first_name(word) or not (is_common_word(word.folded) or is_compound_word(word.folded)))


@cache
def _not_person_heads() -> frozenset[str]:
    return frozenset(phrase.split(" ")[0] for phrase in not_persons())


def _not_person_spans(tokens: list[Token]) -> set[int]:
    """Indexes of tokens inside a brand, event, greeting or character ("Albert Heijn",
    "Eid Mubarak", "Jip en Janneke", "Week van de Lentekriebels")."""
    inside: set[int] = set()
    heads = _not_person_heads()
    for i in range(len(tokens)):
        if tokens[i].folded not in heads:
            continue
        for n in range(min(5, len(tokens) - i), 0, -1):
            if " ".join(t.folded for t in tokens[i:i + n]) in not_persons():
                inside.update(range(i, i + n))
                break
    return inside


# Finite verbs that follow a subject: "Kim is", "Joep heeft", "Storm wordt".
SUBJECT_VERBS = frozenset("""
is was heeft had wordt werd gaat ging komt kwam mag mocht kan kon wil wilde zal zou moet moest zit zat
speelt speelde krijgt kreeg viert vierde won wint
""".split())


def _inverted_subject(run: NameRun) -> bool:
    """A capitalised word right after a finite verb that does not open its sentence."""
    word, verb = run.tokens[0], run.before
    return len(run.tokens) == 1 and not word.sentence_start and verb is not None and not verb.sentence_start \
        and verb.folded in SUBJECT_VERBS and run.after is not None and not run.after.is_capitalized


def _followed_by_verb(run: NameRun) -> bool:
    return run.after is not None and run.after.folded in SUBJECT_VERBS


def _listed_particle_surname(run: NameRun) -> bool:
    """The run ends in a listed surname with its particles: "... van den Broek"."""
    tokens = run.tokens
    for k in range(1, len(tokens) - 1):
        if tokens[k].folded in PARTICLES and not tokens[k].is_capitalized:
            return " ".join(t.folded for t in tokens[k:]) in last_names()
    return False


# Dutch places whose name starts with a capitalised particle, as a surname may.
PARTICLE_PLACES = frozenset({"den haag", "den bosch", "den helder", "den dolder", "de bilt", "de meern",
                             "ter apel", "het gooi", "de panne"})


def _capitalised_particle_surname(run: NameRun) -> bool:
    """"Van der Voort zegt", "De Coster sluit niet uit": a surname whose particle is written
    with a capital, as Flemish and sentence-initial surnames are: a particle group that only
    starts surnames, or a listed surname."""
    tokens = run.tokens
    if len(tokens) < 2 or not tokens[0].is_capitalized or tokens[0].folded not in PARTICLES \
            or not tokens[-1].is_capitalized or _street(tokens[-1]):
        return False
    folded = " ".join(t.folded for t in tokens)
    if folded in world_places() or folded in places() or folded in PARTICLE_PLACES:
        return False
    particles = " ".join(t.folded for t in tokens[:-1])
    return particles in SURNAME_PARTICLES or (folded in last_names() and tokens[-1].folded not in places())


def _given_name_like(word: Token) -> bool:
    """A listed first name, or a proper noun of the Dutch word list that is no place."""
    return is_first_name(word) or (word.folded in proper_nouns() and word.folded not in places()
                                 and word.folded not in world_places())


def _brand_spelling(word: Token) -> bool:
    """"UPCtv", "SHFi", "MoMA", "KiKa": a capital inside a word is a brand's spelling."""
    return bool(_INNER_CAPITAL.search(word.text)) and not word.text.startswith(("Mc", "Mac", "D'", "O'"))


def _judge(run: NameRun) -> tuple[float, str] | None:
    """(score, reason) when the run looks like a person's name, else None."""
    words = [w for w in run.tokens if not (w.folded in PARTICLES and not w.is_capitalized)]
    words = [w for w in words if w.folded not in PARTICLES] or words
    if not words or words[0].folded in NOT_NAMES or _street(words[-1]) or \
            (len(words) > 1 and words[0].folded in PLACE_AND_TITLE_HEADS):
        return None
    if len(run.tokens) > 1 and " ".join(t.folded for t in run.tokens) in world_places() \
            and not (run.cue and run.cue.endswith("aanspreekvorm")):  # "meneer de Haan" is no town
        return None  # "Sierra Leone", "New York", "La Palma"
    if run.organisation and not run.cue:
        return None
    if _capitalised_particle_surname(run):
        return 0.8, "achternaam met tussenvoegsel"
    if run.before is not None and run.before.folded in ARTICLES and run.before.text.islower() and not run.cue \
            and not any(is_first_name(w) and not is_common_word(w.folded) for w in words):
        return None  # "in de Grote Kerk", "het Rode Kruis": names take no article ("de Brit John Watson" does)
    has_particle = len(words) < len(run.tokens) or any(
        w.folded in PARTICLES for w in run.tokens[1:])
    if run.tokens[0].text.islower() and run.tokens[0].folded in PARTICLES:
        if run.organisation:
            return None
        return (0.9, run.cue) if run.cue else (0.75, "achternaam met tussenvoegsel")
    folded = [w.folded for w in words]
    common = [is_common_word(f) for f in folded]
    # Many first names are also Dutch words (Jan, Geert, Roos): alone they need more
    # evidence, at the head of a longer name they do not.
    first_listed = folded[0] in first_names()
    first_known = first_listed and not common[0]
    last_known = folded[-1] in last_names() and not common[-1]
    place_end = folded[-1] in places()
    after_place_word = run.before is not None and run.before.folded in PLACE_PREPOSITIONS
    if has_particle and len(words) > 1 and (first_listed or run.cue) and not run.organisation \
            and " ".join(t.folded for t in run.tokens[1:]) not in world_places():
        return (0.9, run.cue) if run.cue else (0.85, "voornaam en achternaam met tussenvoegsel")
    if len(words) == 1:
        word = words[0]
        if run.cue:
            return (0.85, run.cue) if not (common[0] and run.cue.endswith("zeggen")) else None
        if common[0] and first_listed and not word.sentence_start and not place_end and not after_place_word \
                and len(word.text) >= 2 and (run.before is None or run.before.folded not in ARTICLES) \
                and word.folded not in world_places(cities=False):
            # Dutch capitalises no common noun mid-sentence: "gisteren is Fleur geopereerd".
            return 0.5, "voornaam die ook een woord is"
        if common[0] and _inverted_subject(run) and not place_end and not after_place_word \
                and word.folded not in world_places() and word.folded not in proper_nouns():
            # "Vandaag is Storm jarig": after "adverb + verb" the subject follows, capitalised.
            return 0.5, "onderwerp na het werkwoord"
        if word.sentence_start and _followed_by_verb(run) and not place_end and word.folded not in world_places() \
                and word.folded not in STOP_WORDS and len(word.text) >= 3 \
                and (first_listed or (not common[0] and _given_name_like(word))):
            # "Kim is ziek", "Joep heeft dyslexie": a bare noun opens no Dutch sentence before a verb.
            return 0.6, "voornaam als onderwerp"
        if after_place_word and first_known and word.folded not in world_places():
            return 0.6, "bekende voornaam"  # "stuur een appje naar Nicole"
        if len(word.text) < 3 or place_end or common[0] or after_place_word or _brand_spelling(word):
            return None
        if first_known:
            return 0.6, "bekende voornaam"
        if last_known and not word.sentence_start and word.folded not in world_places():
            return 0.5, "bekende achternaam"
        if GUESS_UNKNOWN and not run.heading and _unknown_name_shape(run, word):
            # (Headings name firms and places as often as people: "Arinso meldt samenwerking met Tibco".)
            return 0.4, "onbekend woord met hoofdletter"
        return None
    if len(words) > 1 and _listed_particle_surname(run) and not run.organisation:
        return 0.85, "voornaam en achternaam met tussenvoegsel"  # "Rutger van den Broek", not Broek the village
    if all(f in places() for f in folded) or (has_particle and place_end):
        return None
    if run.own_line and len(words) <= 3 and is_first_name(words[0]) and not place_end \
            and folded[-1] not in world_places():
        return 0.7, "ondertekening: voornaam en achternaam op een eigen regel"
    if run.cue and (not all(common) or run.cue.startswith("na een titel")):
        return 0.9, run.cue
    if all(common) and not (first_listed and folded[-1] in last_names()):
        return None
    if first_known and (last_known or not common[-1]):
        return 0.85, "voornaam en achternaam"
    if first_known and len(words) == 2 and not words[1].sentence_start and not place_end \
            and folded[1] not in world_places() and not _street(words[1]) and not run.organisation:
        return 0.7, "voornaam en achternaam"  # "Marvin Pinas": a surname that is also a word
    if first_listed and not place_end and not words[-1].sentence_start and (last_known or not common[-1]
                                                                           or folded[-1] in last_names()):
        return 0.75, "voornaam en achternaam"
    if len(words) == 2 and not has_particle and _given_name_like(words[0]) and not common[1] \
            and folded[1] not in places() and (first_listed or folded[1] not in world_places()) and not words[1].sentence_start \
            and (folded[1] in proper_nouns() or folded[1] in last_names() or _unknown_name_shape(run, words[1])):
        return 0.7, "voornaam en achternaam"  # "Jaap Jongbloed", "Luk Alloo": word-list names
    # "Rutger van den Broek": a particle between a first word that is no Dutch word and a
    # capitalised word is a surname, unless the whole is a place.
    if has_particle and (first_known or last_known or not any(common) or (not common[0] and not place_end)):
        return 0.8, "naam met tussenvoegsel"
    if len(words) == 2 and _unknown_name_shape(run, words[0]) and not common[1] \
            and (folded[1] in first_names() or folded[1] in last_names()):
        return 0.6, "onbekende voornaam en bekende naam"  # "Shurandy Martha"
    if GUESS_UNKNOWN and all(_unknown_name_shape(run, w) for w in words):
        return 0.4, "onbekende woorden met hoofdletter"
    if run.has_initial and not common[-1]:
        return 0.8, "voorletter en achternaam"
    if last_known and not common[0] and (not words[0].sentence_start or (
            folded[0] not in proper_nouns() and folded[0] not in world_places() and len(words) == 2)):
        return 0.6, "bekende achternaam"
    return None
