"""OFFENSIVE: Dutch insults, slurs, curses and threats.

Curses built on diseases ("kanker-", "tering", "tyfus") count as offensive here;
the bare disease name is special-category data instead.
"""
from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from detectors.text.recognizers._terms import term_pattern

INSULTS = [
    r"sukkel\w*", r"idioot", r"idioten", r"debiel\w*", r"randdebiel\w*", r"mongool\w*", r"mongol",
    r"achterlijk\w*", r"gestoord\w*", r"imbeciel\w*", r"zwakzinnig\w*", r"dom(?:kop|oor|bo)\w*",
    r"stomkop\w*", r"oen\w*", r"kneus\w*", r"loser\w*", r"mislukkeling\w*", r"nietsnut\w*",
    r"klootzak\w*", r"lul", r"lullen", r"eikel\w*", r"trut\w*", r"kutwijf\w*", r"kut\w*", r"hoer\w*",
    r"slet\w*", r"teef", r"bitch\w*", r"flikker\w*", r"mietje\w*", r"homo's\s+zijn",
    r"nikker\w*", r"neger\w*", r"makak\w*", r"kakkerlak\w*", r"tyfus\w*", r"tering\w*", r"kanker(?=\w)\w+", r"pleuris\w*", r"klere\w*", r"godverdomme",
    r"vetzak\w*", r"dikzak\w*", r"vette\s+koe", r"ettertje\w*", r"etter\w*",
    r"schorem", r"tuig", r"uitschot", r"waardeloos", r"waardeloze",
    r"rot\s+op", r"hou\s+je\s+bek", r"kop\s+dicht", r"bek\s+dicht", r"val\s+dood",
]
THREATS = [
    r"ik\s+(?:maak|sla|trap|schop|schiet|steek)\s+(?:je|jou|jullie|hem|haar)\s+(?:af|dood|kapot|verrot|neer|lens|in\s+elkaar)",
    r"ik\s+vermoord\s+(?:je|jou|jullie|hem|haar)", r"(?:ik\s+)?maak\s+(?:je|jou)\s+dood",
    r"(?:je|jij|jullie)\s+(?:gaat|gaan)\s+eraan", r"ik\s+weet\s+waar\s+(?:je|jij|jullie)\s+wo\w+",
    r"we\s+weten\s+waar\s+(?:je|jij|jullie)\s+wo\w+", r"in\s+elkaar\s+(?:slaan|trappen|geslagen|getrapt)",
    r"kapot\s+(?:slaan|trappen|schoppen)", r"dood\s*maken", r"doodmaken", r"neersteken",
    r"neerschieten", r"bommelding", r"bedreig(?:t|en|ing|ingen)", r"wacht\s+maar\s+af",
]


class OffensiveRecognizer(PatternRecognizer):
    """Recognize insults and threats by a curated Dutch list."""

    PATTERNS = [
        term_pattern("belediging", INSULTS, 0.6),
        term_pattern("bedreiging", THREATS, 0.7),
    ]
    CONTEXT: list[str] = []

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "OFFENSIVE", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "OffensiveRecognizer")
