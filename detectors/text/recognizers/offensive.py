"""OFFENSIVE: Dutch insults, slurs, curses and threats.

Insults match as whole words with their inflections ("sukkel", "sukkels",
"sukkeltje"), never inside another word: "hoera" holds "hoer", "negeren" holds
"neger".  Curse prefixes build compounds freely ("kankerlijer", "tyfushond"),
so they match as the head of a word.  A word with an innocent reading ("ezel"
at the petting zoo, "eikels" in an autumn walk) counts only when it is aimed
at someone: "jij ezel", "je bent een ezel", "Daan is een eikel".

Curses built on diseases ("kanker-", "tering", "tyfus") count as offensive here;
the bare disease name is special-category data instead.
"""
from __future__ import annotations

import regex
from presidio_analyzer import PatternRecognizer, RecognizerResult

from detectors.text.recognizers._terms import term_pattern

# Plural, diminutive and adjective endings a Dutch insult takes.
_INFLECTION = r"(?:en|s|'s|e|es|je|jes|tje|tjes|pje|pjes|etje|etjes|kje|ers?)?"


def _inflected(stems: str) -> list[str]:
    return [stem + _INFLECTION for stem in stems.split()]


# Insults with no innocent reading, as stems.
INSULTS = _inflected("""
sukkel idioot idiot debiel randdebiel mongool mongol achterlijk gestoord imbeciel zwakzinnig
domkop domoor dombo stomkop stommerik oen kneus loser mislukkeling nietsnut klootzak trut
kutwijf hoer slet sloerie kech bitch flikker mietje nikker neger makak
vetzak dikzak dikkerd vetklep ettertje etterbak hufter klojo lulhannes zakkenwasser klootviool
kloothommel flapdrol mafkees malloot zemmel sufferd lelijkerd schorem uitschot tuig waardeloos
faggot klapjosti aso asociaal
""")
# Curse words that start compounds: "kankerlijer", "tyfushond", "kutkind", "hoerenjong".
CURSE_PREFIXES = [r"kanker\w+", r"kenker\w*", r"kkr\w*", r"tyfus\w*", r"tering\w*", r"pleuris\w*",
                  r"klere\w*", r"kolere\w*", r"kut\w*", r"hoeren\w+", r"mongolen\w+", r"godverdomme"]
# Phrases that insult by themselves.
INSULT_PHRASES = [r"vette\s+koe", r"homo's\s+zijn", r"rot\s+op", r"hou\s+je\s+bek", r"kop\s+dicht",
                  r"bek\s+dicht", r"val\s+dood", r"stuk\s+vreten", r"stuk\s+stront", r"vuile\s+\w+"]
# Words with an innocent reading (animals, nuts, a bruised apple, "lullen"): an insult
# only when aimed at someone.
AMBIGUOUS = _inflected("""
ezel aap varken koe rund kalf schaap rat slang hond kip teef eikel etter lul zak doos muts kakkerlak
pannenkoek sul kaaskop boerenkinkel clown
""")
THREATS = [
    r"ik\s+(?:maak|sla|trap|schop|schiet|steek)\s+(?:je|jou|jullie|hem|haar)\s+(?:af|dood|kapot|verrot|neer|lens|in\s+elkaar)",
    r"ik\s+vermoord\s+(?:je|jou|jullie|hem|haar)", r"(?:ik\s+)?maak\s+(?:je|jou)\s+dood",
    r"(?:je|jij|jullie)\s+(?:gaat|gaan)\s+eraan", r"ik\s+weet\s+waar\s+(?:je|jij|jullie)\s+wo\w+",
    r"we\s+weten\s+waar\s+(?:je|jij|jullie)\s+wo\w+", r"in\s+elkaar\s+(?:slaan|trappen|geslagen|getrapt)",
    r"kapot\s+(?:slaan|trappen|schoppen)", r"dood\s*maken", r"doodmaken", r"neersteken",
    r"neerschieten", r"bommelding", r"bedreig(?:t|en|ing|ingen)", r"wacht\s+maar\s+af",
]

# Inflected forms that are ordinary words: "negeren" (to ignore), "sleten" (wore out),
# "sukkelen" (to ail), "flikkeren" (to flicker), "Mongolen" (a people), "tuigje" (a harness).
INNOCENT_FORMS = frozenset("negeren sleten sukkelen flikkeren mongolen tuigen tuigje tuigjes".split())

_AMBIGUOUS_NAME = "woord met onschuldige lezing, gericht op iemand"
# What aims a word at someone: "jij ezel", "stomme aap", "je bent een (vuile) ezel",
# "Daan is een eikel", "wat ben jij een kip".
_AIMED_BEFORE = regex.compile(
    r"(?:(?<![\p{L}])(?:jij|jullie|je|stomme|vuile|vieze|domme|lelijke|smerige|vette|gore|rot|achterlijke|"
    r"kut|kanker|tyfus|dikke|stom|vuil)\s+"
    r"|(?:(?<![\p{L}])(?:je|jij|jullie|u|hij|zij|ze)|(?-i:(?!(?:Dit|Dat|Die|Deze|Het|Er|Hier|Daar|Wat)\s)\p{Lu}\p{Ll}+))"
    r"\s+(?:bent|is|zijn|ben|blijft|was|bleef)"
    r"\s+(?:echt\s+|zo'?n\s+|gewoon\s+|toch\s+|nog\s+|wel\s+|ook\s+)*(?:een\s+)?(?:\p{L}+e\s+)?"
    r"|(?<![\p{L}])(?:ben|bent|is)\s+(?:jij|je|hij|zij|ze)\s+(?:een\s+)?(?:\p{L}+e\s+)?)$",
    regex.IGNORECASE)
_AIMED_AFTER = regex.compile(r"^\s*[,!]?\s*(?:jij|dat\s+je\s+bent|die\s+je\s+bent)(?![\p{L}])", regex.IGNORECASE)


class OffensiveRecognizer(PatternRecognizer):
    """Recognize insults and threats by a curated Dutch list, as whole words."""

    PATTERNS = [
        term_pattern("belediging", INSULTS + CURSE_PREFIXES + INSULT_PHRASES, 0.6),
        term_pattern("bedreiging", THREATS, 0.7),
        term_pattern(_AMBIGUOUS_NAME, AMBIGUOUS, 0.6),
    ]
    CONTEXT: list[str] = []

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "OFFENSIVE", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "OffensiveRecognizer")

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if text[r.start:r.end].casefold() not in INNOCENT_FORMS
                and (not _is_ambiguous(r) or _aimed(text, r))]


def _is_ambiguous(result: RecognizerResult) -> bool:
    explanation = result.analysis_explanation
    return explanation is not None and explanation.pattern_name == _AMBIGUOUS_NAME


def _aimed(text: str, result: RecognizerResult) -> bool:
    before = regex.split(r"[.!?;:\n]", text[max(0, result.start - 60):result.start])[-1]
    return bool(_AIMED_BEFORE.search(before) or _AIMED_AFTER.match(text[result.end:result.end + 20]))
