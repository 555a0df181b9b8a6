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

from dataclasses import dataclass
from functools import cache

import regex

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from detectors.text.names import (ADDRESS_TITLES, PARTICLES, TITLES, first_names, is_common_word, last_names, not_persons, places,
                                  proper_nouns, world_places)
from detectors.text.normalize import Token, tokenize

# Capitalised words that start sentences or name things but are never people.
NOT_NAMES = frozenset("""
groep juf meester meneer mevrouw ouders beste lieve hallo hoi dag goedemorgen welkom bedankt dank
gefeliciteerd proficiat hoera maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
januari februari maart april mei juni juli augustus september oktober november december
kerst kerstmis pasen pinksteren sinterklaas koningsdag hemelvaart carnaval ramadan
school basisschool obs cbs rkbs kbs pcbs ikc bso tso kinderopvang mr ouderraad directie
""".split())

# Titles written with a dot; after any other word a dot ends the sentence
# ("bezoek van de burgemeester. Vragen?").
ABBREVIATED_TITLES = frozenset({"dhr", "dr", "drs", "ds", "hr", "ing", "ir", "mevr", "mr", "mrs", "ms", "mvr",
                                "mw", "prof", "st"})
# Compound functions end in a title: "eindredacteur", "Bayern-doelman", "jazzzanger".
ROLE_HEADS = tuple(t for t in TITLES if len(t) >= 4) + (
    "redacteur", "journalist", "maker", "chef", "genoot", "lid", "leider", "voorzitter", "vrouw",
    "directeur", "manager", "woordvoerder", "zanger", "zangeres", "speler", "trainer", "ster")
# "zegt Wijnants", "volgens Fleurbaey": in reported speech the speaker is a person.
SPEECH_VERBS = frozenset("""
zegt zei zeggen vertelt vertelde verklaart verklaarde meent meende aldus volgens vindt vond
stelt stelde benadrukt benadrukte antwoordt antwoordde reageert reageerde schrijft schreef
vraagt vroeg bevestigt bevestigde ontkent ontkende weet denkt dacht hoopt hoopte
""".split())
# After these a capitalised word is a place: "naar Artis", "in Sydney".
# Also a capitalised word found on no list at all (not a Dutch word, not a place,
# no article before it) counts as a name: news and school posts are full of
# surnames no list has ("Barrichello", "Wijnants").  Costs precision on brand names.
GUESS_UNKNOWN = True
# "bij Ferrari", "voor Tectrade": companies more often than people.
ORG_PREPOSITIONS = frozenset("bij voor tegen namens".split())
BRAND_ENDINGS = ("immo", "trade", "tech", "soft", "invest", "bank", "group", "net", "com", "tel",
                 "media", "data", "air", "lines", "sport", "shop", "store", "tv", "fm", "online")
# Names rarely take an article: "de Knesset", "het MoMA" are no people.
ARTICLES = frozenset("de het een der des den dit dat deze die ons onze".split())
# Words that end or follow the names of firms, clubs and institutions (general, many countries).
ORG_LEGAL_FORMS = frozenset("BV NV VOF CV SA AG GmbH Ltd Inc Corp PLC plc LLC SE SpA SRL JC FC VV AFC SC".split())
ORG_WORDS = frozenset("""
bank groep group holding securities broadcasting communications technologies technology systems
software airways airlines airline pharma media news telecom motors partners capital invest investments
fund funds trust insurance verzekeringen foundation stichting vereniging international
industries industrie company compagnie maatschappij corporation associates consulting services
united city rovers wanderers athletic club
""".split())
CLUB_PREFIXES = frozenset("fc ac as sc kv vv rsc ksc kvc real racing sporting olympique atletico".split())
# Heads of Dutch compounds that name an institution or a thing, never a surname.
INSTITUTION_ENDINGS = ("ziekenhuis", "theater", "commissie", "verzekering", "garantie", "museum",
                       "kliniek", "centrum", "college", "instituut", "stichting", "vereniging",
                       "federatie", "ministerie", "partij", "fonds", "bedrijf", "concern")
PLACE_PREPOSITIONS = frozenset("in naar uit te op vanuit richting nabij rond".split())


# First words of place names and of English, French or Spanish titles, never of a
# person's name: "Camp David", "Los Angeles", "The Gathering", "Les Demoiselles".
PLACE_AND_TITLE_HEADS = frozenset("""
the of les los las el la le il lo san santa santo saint sainte sint camp fort port mount mont lake
cape cap sierra costa puerto porto rio new north south east west nord sud club hotel
""".split())


@dataclass
class _Run:
    tokens: list[Token]  # the name's words, with lower-case particles between them
    start: int
    end: int
    has_initial: bool
    cue: str | None  # a title, function or speech verb right before the run
    before: Token | None
    organisation: bool = False  # the words around it make it a firm, club or party
    own_line: bool = False  # the run is the whole line: a signature or a byline


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
        runs = [run for run in _runs(text, tokens) if not any(t.start in inside for t in run.tokens)]
        for run in runs:
            verdict = _judge(run)
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


def _is_name_word(token: Token) -> bool:
    return token.is_capitalized and not token.is_all_caps


def _runs(text: str, tokens: list[Token]):
    """Maximal runs of capitalised words, joined by blanks, particles or initials' dots."""
    i = 0
    while i < len(tokens):
        if not _is_name_word(tokens[i]):
            i += 1
            continue
        words = [tokens[i]]
        has_initial = False
        j = i + 1
        while j < len(tokens):
            gap = text[tokens[j - 1].end:tokens[j].start]
            initial_dot = len(tokens[j - 1].text) == 1 and gap.strip() in {".", ".-"}
            if gap.strip() and not initial_dot:
                break
            has_initial = has_initial or initial_dot
            if _is_name_word(tokens[j]) and (initial_dot or not tokens[j].sentence_start):
                words.append(tokens[j])
                j += 1
                continue
            # particles: "van den" + capitalised word
            k = j
            while k < len(tokens) and tokens[k].folded in PARTICLES and not tokens[k].is_capitalized \
                    and not text[tokens[k - 1].end:tokens[k].start].strip():
                k += 1
            if k > j and k < len(tokens) and _is_name_word(tokens[k]) \
                    and not text[tokens[k - 1].end:tokens[k].start].strip():
                words.extend(tokens[j:k + 1])
                j = k + 1
                continue
            break
        # "was de Wit op school", "juf van der Meer": lower-case particles before a
        # capitalised word make a surname.
        p = _particle_prefix(text, tokens, i)
        if p < i:
            words = list(tokens[p:i]) + words
        before = tokens[p - 1] if p > 0 else None
        gap_before = text[before.end:tokens[p].start].strip() if before is not None else ""
        # "Dr. Veer", "mevr. Jansen": an abbreviated title keeps its dot.
        cue = _cue(before) if before is not None and (
            not gap_before or (gap_before == "." and before.folded in ABBREVIATED_TITLES)) else None
        # Leading words that are no part of the name: a title ("Juf Fatma", "Minister
        # Dewael") or a capitalised sentence opener ("Bedankt Henk de Jong").  "Minister
        # van Buitenlandse Zaken" is a portfolio, not a name.
        while len(words) > 1 and (words[0].folded in TITLES or words[0].folded in NOT_NAMES or (
                words[0].sentence_start and is_common_word(words[0].folded)
                and words[0].folded not in first_names() and words[0].folded not in PARTICLES)
                or _role_compound(words[0]) or _lead_before_first_name(words[0], words[1])):
            if words[0].folded in TITLES:
                # "minister van Financiën" names a portfolio; "juf van Dijk" a person.
                if words[1].folded in PARTICLES and not words[1].is_capitalized \
                        and words[0].folded not in ADDRESS_TITLES:
                    break
                cue = "na een titel of aanspreekvorm"
            elif _role_compound(words[0]):
                cue = "na een titel of functie"
            adult_title = words[0].folded in ADDRESS_TITLES
            words = words[1:]
            while len(words) > 1 and words[0].folded in PARTICLES and not words[0].is_capitalized \
                    and not adult_title:
                words = words[1:]
        if len(words) == 1 and words[0].folded in ABBREVIATED_TITLES:
            i = j  # "Mevr." before "Jansen": the title itself is no name
            continue
        if cue is None and j < len(tokens) and len(words) == 1:
            cue = _cue_after(text, words[-1], tokens[j])
        org = _organisation_context(text, tokens, words, j)
        line_start = text.rfind("\n", 0, words[0].start) + 1
        line_end = text.find("\n", words[-1].end)
        own_line = not text[line_start:words[0].start].strip() and \
            not text[words[-1].end:len(text) if line_end < 0 else line_end].strip()
        yield _Run(words, words[0].start, words[-1].end, has_initial, cue, before, org, own_line)
        i = j


# Particle groups that only ever start a surname ("van der Meer", "ter Horst").
# ("van de" and "van het" are more often "of the").
SURNAME_PARTICLES = frozenset({"van der", "van den", "van 't", "in 't", "ter", "ten", "op 't", "uit den"})


def _particle_prefix(text: str, tokens: list[Token], i: int) -> int:
    """Index where lower-case particles right before token i start, if together with
    token i they make a surname: a listed one ("de Wit", "van den Berg"), a
    surname-only particle group ("van der Meer"), or any after a title ("juf van
    Sabena" is a person, "de directeur van Sabena" is not)."""
    p = i
    while p > 0 and i - p < 3 and tokens[p - 1].folded in PARTICLES and tokens[p - 1].text.islower() \
            and not text[tokens[p - 1].end:tokens[p].start].strip():
        p -= 1
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if p == i or tokens[i].sentence_start or (
            nxt is not None and _is_name_word(nxt) and not text[tokens[i].end:nxt.start].strip()):
        return i  # a surname ends the name: "de Grote Markt" is no person
    word = tokens[i].folded
    is_place = word in places() or word in world_places()
    for q in range(p, i):
        particles = " ".join(t.folded for t in tokens[q:i])
        titled = q > 0 and tokens[q - 1].folded in ADDRESS_TITLES \
            and not text[tokens[q - 1].end:tokens[q].start].strip(" .")
        if (f"{particles} {word}" in last_names() and not (is_place and particles == "van")) \
                or particles in SURNAME_PARTICLES or (titled and not is_place):
            return q
    return i


def _organisation_context(text: str, tokens: list[Token], words: list[Token], j: int) -> bool:
    """"KBC Securities", "BNP Paribas", "Lernout & Hauspie", "Omega Pharma", "(Agalev)":
    the words around a capitalised run that make it a firm, club or party."""
    start, end = words[0].start, words[-1].end
    prev = next((t for t in reversed(tokens) if t.end <= start), None)
    nxt = tokens[j] if j < len(tokens) else None
    first_name = words[0].folded in first_names() and len(words) > 1
    if prev is not None and prev.is_all_caps and not text[prev.end:start].strip() and not first_name:
        return True  # an acronym right before: "KBC Securities", "BNP Paribas"; not "KMO Jaak Gabriëls"
    if nxt is not None and not text[end:nxt.start].strip() and (
            nxt.text in ORG_LEGAL_FORMS or nxt.folded in ORG_WORDS):
        return True  # "SBS Broadcasting BV", "Roda JC"
    if words[-1].folded in ORG_WORDS or words[0].folded in CLUB_PREFIXES and len(words) > 1:
        return True  # "Abbey National Bank", "Carlton Communications", "Racing Santander"
    if any(words[-1].folded.endswith(e) and len(words[-1].folded) > len(e) + 2 for e in INSTITUTION_ENDINGS):
        return True  # "Sint-Jansziekenhuis", "Eenheidscommissie"
    if len(words) == 1 and (regex.search(r"&\s*$", text[max(0, start - 3):start])
                            or regex.match(r"\s*&", text[end:end + 3])):
        return True  # "Lernout & Hauspie": firms join names with an ampersand
    # A lone word in brackets after a name or statement is a party or a source: "(Ecolo)".
    # (A bracket after a closed sentence holds a byline instead: "... gebeurd. (ABx)".)
    return len(words) == 1 and bool(regex.search(r"[\p{L}\d]\s*\(\s*$", text[max(0, start - 4):start])) \
        and bool(regex.match(r"\s*\)", text[end:end + 3]))


def _first_name(word: Token) -> bool:
    """A listed first name, also a double one: "Peter-Jan", "Anne-Sophie"."""
    return all(part in first_names() for part in word.folded.split("-"))


def _role_compound(word: Token) -> bool:
    """"UBS-baas", "Bayern-doelman", "Suzuki-teammanager": a function joined to its firm or club."""
    head = word.folded.rsplit("-", 1)[-1] if "-" in word.folded else ""
    return bool(head) and word.text.rsplit("-", 1)[-1][:1].islower() and (
        head in TITLES or (len(head) >= 4 and head.endswith(ROLE_HEADS)))


def _lead_before_first_name(word: Token, nxt: Token) -> bool:
    """"(minister van) Verkeer Isabelle Durant": a capitalised Dutch word before a first name
    ends a portfolio or a heading; it is no part of the name.  Short words are often part of
    a place or title instead ("Los Angeles", "Camp David", "Sant Jordi")."""
    return len(word.text) >= 5 and is_common_word(word.folded) and word.folded not in first_names() \
        and word.folded not in PARTICLES and nxt.folded in first_names() and not is_common_word(nxt.folded)


def _cue_after(text: str, word: Token, nxt: Token) -> str | None:
    """"Arafat zei", "Geboers: '...'": a speaker is a person."""
    gap = text[word.end:nxt.start]
    if not gap.strip() and nxt.folded in SPEECH_VERBS:
        return "gevolgd door een werkwoord van zeggen"
    if regex.match(r"\s*:\s*['\"“‘]", text[word.end:word.end + 6]) and word.sentence_start:
        return "spreker van een citaat"
    return None


def _cue(before: Token) -> str | None:
    """Why the word before a capitalised run announces a person, if it does."""
    word = before.folded
    if word in TITLES or (len(word) >= 7 and any(word.endswith(t) for t in ROLE_HEADS)):
        return "na een titel of functie"
    if word in SPEECH_VERBS:
        return "na een werkwoord van zeggen"
    return None


def _unknown_name_shape(run: _Run, word: Token) -> bool:
    """A capitalised word in no list at all, used the way names are used."""
    if word.is_all_caps or word.folded in proper_nouns() \
            or is_common_word(word.folded) or word.folded in places() or len(word.text) < 3 \
            or word.folded in world_places():
        return False
    if not regex.fullmatch(r"[\p{Latin}\p{M}'’\-]+", word.text):
        return False  # the lists and the lexicon are Latin-script: no evidence either way
    if any(part[:1].islower() for part in word.text.split("-")[1:]):
        return False  # "Axa-transactie": a compound noun
    if _brand_spelling(word):
        return False
    if word.folded.endswith(BRAND_ENDINGS):
        return False
    before = run.before
    if before is None:
        return True
    if before.folded in ARTICLES or before.folded in ORG_PREPOSITIONS:
        return False
    # "deelstaat Assam", "beurshuis Petercam": an apposition to a thing, not a person.
    return not (len(before.folded) >= 6 and before.text[:1].islower() and is_common_word(before.folded)
                and _cue(before) is None)


# Endings that make a capitalised word a street, never a person: "Koningin Julianalaan".
STREET_ENDINGS = ("straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dreef", "plantsoen", "steeg",
                  "allee", "boulevard", "straatweg", "hof", "pad")


def _street(word: Token) -> bool:
    return any(word.folded.endswith(e) and len(word.folded) > len(e) + 2 for e in STREET_ENDINGS)


_LIST_GAP = regex.compile(r"\s*(?:,|&|\+|en|of|,\s*en)\s*", regex.IGNORECASE)


def _listed_names(text: str, runs: list[_Run], found: set[tuple[int, int]]):
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
                if (other.start, other.end) in accepted and _first_name(other.tokens[0]):
                    why = "in een opsomming met een naam"
                elif _may_be_listed_name(other) and all(_first_name(w) for w in (run.tokens[0], other.tokens[0])):
                    why = "voornamen in een opsomming"
                else:
                    continue
                accepted.add((run.start, run.end))
                changed = True
                yield run, why


def _may_be_listed_name(run: _Run) -> bool:
    word = run.tokens[-1]
    return len(run.tokens) == 1 and not run.organisation and not run.tokens[0].sentence_start and word.folded not in NOT_NAMES \
        and word.folded not in places() and not _street(word) and not _brand_spelling(word) and len(word.text) >= 2


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


def _given_name_like(word: Token) -> bool:
    """A listed first name, or a proper noun of the Dutch word list that is no place."""
    return _first_name(word) or (word.folded in proper_nouns() and word.folded not in places()
                                 and word.folded not in world_places())


def _brand_spelling(word: Token) -> bool:
    """"UPCtv", "SHFi", "MoMA", "KiKa": a capital inside a word is a brand's spelling."""
    return bool(regex.search(r"\p{Ll}\p{Lu}", word.text)) and not regex.match(r"(?:Mc|Mac|D'|O')", word.text)


def _judge(run: _Run) -> tuple[float, str] | None:
    """(score, reason) when the run looks like a person's name, else None."""
    words = [w for w in run.tokens if not (w.folded in PARTICLES and not w.is_capitalized)]
    words = [w for w in words if w.folded not in PARTICLES] or words
    if not words or words[0].folded in NOT_NAMES or _street(words[-1]) or \
            (len(words) > 1 and words[0].folded in PLACE_AND_TITLE_HEADS):
        return None
    if len(run.tokens) > 1 and " ".join(t.folded for t in run.tokens) in world_places():
        return None  # "Sierra Leone", "New York", "La Palma"
    if run.organisation and not run.cue:
        return None
    if run.before is not None and run.before.folded in ARTICLES and run.before.text.islower() and not run.cue \
            and not any(_first_name(w) and not is_common_word(w.folded) for w in words):
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
        if len(word.text) < 3 or place_end or common[0] or after_place_word or _brand_spelling(word):
            return None
        if first_known:
            return 0.6, "bekende voornaam"
        if last_known and not word.sentence_start and word.folded not in world_places():
            return 0.5, "bekende achternaam"
        if GUESS_UNKNOWN and _unknown_name_shape(run, word):
            return 0.4, "onbekend woord met hoofdletter"
        return None
    if all(f in places() for f in folded) or (has_particle and place_end):
        return None
    if run.own_line and len(words) <= 3 and _first_name(words[0]) and not place_end \
            and folded[-1] not in world_places():
        return 0.7, "ondertekening: voornaam en achternaam op een eigen regel"
    if run.cue and (not all(common) or run.cue.startswith("na een titel")):
        return 0.9, run.cue
    if all(common) and not (first_listed and folded[-1] in last_names()):
        return None
    if first_known and (last_known or not common[-1]):
        return 0.85, "voornaam en achternaam"
    if first_listed and not place_end and not words[-1].sentence_start and (last_known or not common[-1]
                                                                           or folded[-1] in last_names()):
        return 0.75, "voornaam en achternaam"
    if len(words) == 2 and not has_particle and _given_name_like(words[0]) and not common[1] \
            and folded[1] not in places() and folded[1] not in world_places() and not words[1].sentence_start \
            and (folded[1] in proper_nouns() or folded[1] in last_names() or _unknown_name_shape(run, words[1])):
        return 0.7, "voornaam en achternaam"  # "Jaap Jongbloed", "Luk Alloo": word-list names
    if has_particle and (first_known or last_known or not any(common)):
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
