"""What the words around a capitalised run say it is not: a person's name takes no
article or quantifier, is not the apposition of a thing ("de krant Yedioth Achronot",
"oliestad Stralsund"), is no people ("de Tutsi's", "een Braziliaan") and is no title of
a work in quotes ("' Asian Vibes '").  Used by unknown_person.py for names on no list;
names on the consent list are found by known_person.py whatever their context.
"""
from __future__ import annotations

import regex
from spacy.lang.nl.stop_words import STOP_WORDS

from detectors.text.names import TITLES, demonyms, first_names, is_common_word, is_noun, last_names, places, world_places
from detectors.text.recognizers.name_runs import ROLE_HEADS, NameRun, is_first_name

# Words before a noun phrase that a name does not take: "alle Hutu's", "geen enkele Tutsi".
DETERMINERS = frozenset("""
de een der des den alle allen enkele meerdere sommige veel vele weinig geen elke iedere ieder zo'n zulke welke
wij zij jullie twee drie vier vijf zes tien honderden duizenden
""".split())

# Nouns for people that are no title: an apposition with one of these holds a person.
PERSON_NOUNS = frozenset("""
kind kinderen kindje familie families gezin gezinnen tweeling man vrouw dame heer mens persoon
jongen meisje meid knul baby peuter kleuter puber tiener held idool gast klant patient slachtoffer
echtgenoot echtgenote weduwe weduwnaar ouder ouders grootouders kleinkind kleinzoon kleindochter
schoonzoon schoondochter peetoom peettante pleegkind pleegouder gezant afgezant
""".split())
# Endings of Dutch nouns for people: -aar, -ist, -ier, -eur, -ling, -genoot, -ster ...
PERSON_NOUN_ENDINGS = ("er", "aar", "ist", "ier", "ent", "eur", "ee", "es", "ster", "trice", "man", "vrouw", "ling",
                       "genoot", "je", "jes", "in", "ice", "oot", "loog", "oog", "aan", "iet", "ant")

QUOTES = "'\"‘’“”"


_LAST_WORD = regex.compile(r"(\p{L}+)\s+$")
_YEAR_OR_TIME = regex.compile(r"[ \t]+(?:(?:19|20)\d\d|\d{1,2}[.:]\d\d)\b")
_GENITIVE_S = regex.compile(r"\s*'s\b")


def is_person_noun(folded: str) -> bool:
    """"invaljuf", "gastspreker", "klasgenootje": a noun for a person (erring towards yes,
    which only keeps a name a name)."""
    return folded in TITLES or folded in PERSON_NOUNS or folded.endswith(ROLE_HEADS) \
        or folded.endswith(PERSON_NOUN_ENDINGS) or folded.endswith(_SHORT_TITLES)


_SHORT_TITLES = tuple(t for t in TITLES if len(t) >= 3)


# Words that open a noun phrase: after one of these a word is a noun, not a verb ("nu staat X").
NOUN_PHRASE_OPENERS = frozenset("""
de het een deze dit die zijn haar hun ons onze mijn m'n je jouw uw
van bij voor met door aan op in uit naar over tegen tussen
""".split())


def thing_apposition(text: str, run: NameRun) -> bool:
    """"de krant Yedioth Achronot", "het kaartspel Magic", "de Duitse stad Stralsund": a noun
    for a thing right before the run, in a noun phrase, names what the run is."""
    before = run.before
    if before is None or not before.text.islower() or text[before.end:run.start].strip() \
            or before.folded in STOP_WORDS or before.folded.endswith("e") or _verb_form(before.folded) \
            or not is_noun(before.folded) or is_person_noun(before.folded):
        return False
    if len(run.tokens) > 1 and is_first_name(run.tokens[0]):
        return False  # "het land Dries van den Abeele": a headline runs on into a full name
    opener = _LAST_WORD.search(text[max(0, before.start - 40):before.start])
    word = opener.group(1).lower() if opener else ""
    return word in NOUN_PHRASE_OPENERS or (word.endswith("e") and word not in STOP_WORDS)


def _verb_form(folded: str) -> bool:
    """"stuurt" (stuur + t), whose look-alike diminutive "stuurtje" makes no noun of it."""
    return folded.endswith("t") and is_common_word(folded[:-1])


def thing_lead(run: NameRun) -> bool:
    """"en Radio Roxy", "het Restaurant Ruby": a capitalised noun for a thing heads a lone word.
    (Not at a sentence's start, where a verb opens a request: "Bel Marloes even".)"""
    lead = run.lead
    return lead is not None and len(run.tokens) == 1 and not lead.sentence_start and lead.folded not in STOP_WORDS and is_noun(lead.folded) \
        and not is_person_noun(lead.folded)


def _place(run: NameRun) -> bool:
    """A lone word that is a place and no first name: places speak in the news ("Belgrado:")."""
    word = run.tokens[0].folded
    return len(run.tokens) == 1 and (word in places() or word in world_places()) and word not in first_names() \
        and word not in last_names()


def determiner_before(run: NameRun) -> bool:
    """"de Tutsi's", "Alle Hutu's": a name takes no article or quantifier."""
    return any(t is not None and t.folded in DETERMINERS for t in (run.before, run.lead))


def numbered(text: str, run: NameRun) -> bool:
    """"Sydney 2000", "Arte 20.15", "Radio 1": a number right after a lone word makes it an
    event, a channel or a product."""
    # A year or a time only: "Fenna 12 punten", "Kai 2e", "Noor 7 jaar" are about a person.
    return len(run.tokens) == 1 and bool(_YEAR_OR_TIME.match(text[run.end:run.end + 8]))


def is_people(run: NameRun) -> bool:
    """"Braziliaan", "Tunesiërs", "Hutu's": inhabitants and peoples."""
    return len(run.tokens) == 1 and run.tokens[0].folded in demonyms()


def quoted_title(text: str, run: NameRun) -> bool:
    """"nummers als ' Massive ' en ' Asian Vibes '": quotes right around the run alone
    hold a title (a quoted sentence holds more than a name)."""
    left = text[max(0, run.start - 2):run.start].rstrip()
    right = text[run.end:run.end + 2].lstrip()
    return bool(left) and bool(right) and left[-1] in QUOTES and right[0] in QUOTES \
        and not _GENITIVE_S.match(text[run.end:run.end + 4])


_LIST_BEFORE = regex.compile(r"([\p{L}\-]+)\s*(?:,|\ben\b|\bof\b|&)\s*$")
_LIST_AFTER = regex.compile(r"\s*(?:,|\ben\b|\bof\b|&)\s*([\p{L}\-]+)")


def listed_with_things(text: str, run: NameRun) -> bool:
    """"Vivendi, NTL en UPC", "Meridian, Anglia en HTV", "in Nederland en Unibail": a lone word
    listed next to an acronym or a place is one of a kind with it."""
    if len(run.tokens) != 1:
        return False
    neighbours = [m.group(1) for m in (_LIST_BEFORE.search(text[max(0, run.start - 30):run.start]),
                                       _LIST_AFTER.match(text[run.end:run.end + 30])) if m]
    return any((len(n) > 1 and n.isupper()) or (n[:1].isupper() and (n.lower() in places() or n.lower() in world_places())
                                                  and n.lower() not in first_names())
               for n in neighbours)


def not_a_person_by_context(text: str, run: NameRun) -> bool:
    """True when the words around the run (no title or speech verb announcing it) say
    it is a thing, a people or a title rather than a person."""
    if is_people(run) or thing_lead(run) or _place(run):
        return True  # "de Braziliaan dacht", "Radio Roxy stelt", "de politie in Stralsund zei"
    if run.cue:
        return False
    if thing_apposition(text, run) or thing_lead(run) or quoted_title(text, run):
        return True
    return len(run.tokens) == 1 and (determiner_before(run) or numbered(text, run) or listed_with_things(text, run))
