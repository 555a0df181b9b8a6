"""NL_ADDRESS: a street name with a house number, "Dorpsweg 3a", "Laan van Meerdervoort 12-2"."""
from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

# The last part of most Dutch street names.  A word ending in one of these and
# followed by a house number is an address; without a number ("de Hoogstraat")
# it is only a place.
STREET_SUFFIXES = [
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "pad", "dreef",
    "hof", "hoven", "park", "steeg", "markt", "baan", "ring", "dam", "wal", "burgwal",
    "plantsoen", "erf", "veld", "velden", "haven", "allee", "boulevard", "straatweg", "zijde",
    "oord", "wijk", "werf", "hoek", "linie", "polder", "gang", "pier", "kanaal", "vaart", "tuin",
    "tuinen", "akker", "akkers", "weide", "wei", "heuvel", "berg", "bos", "dal", "dreven", "hage",
    "kamp", "meent", "vliet", "water", "wetering", "zoom", "stede", "hoeve", "lei", "dreef",
]
_SUFFIX = "|".join(sorted(set(STREET_SUFFIXES), key=len, reverse=True))
# Capitalised words, optionally joined by short lower-case words ("van", "de", "der"),
# the last of which ends in a street suffix.
_NAME = (r"(?-i:\p{Lu}[\p{L}\p{M}'\-]*)(?:\s(?:(?:van|de|der|den|het|'t|in|op|aan)\s)*"
         r"(?-i:\p{Lu}[\p{L}\p{M}'\-]*)){0,3}")
_STREET = rf"(?:{_NAME}(?-i:{_SUFFIX})|(?-i:Laan van|Plein)\s(?-i:\p{{Lu}}[\p{{L}}\p{{M}}'\-]*))"
# House number: 3, 3a, 3-A, 12-2, 45 bis, 12 hs, 7 III, 101 B
_NUMBER = r"(?!(?:19|20)\d\d(?!\d))\d{1,4}(?:(?:\s?-\s?|\s)?(?:[a-zA-Z](?![\p{L}\d])|bis|hs|huis|zw|I{1,3}|\d{1,3}(?![\d\-:.,]\d)))?"


class NlAddressRecognizer(PatternRecognizer):
    """Recognize a street and house number; the street must end in a Dutch street word."""

    PATTERNS = [
        Pattern("straat + huisnummer", rf"(?<![\p{{L}}\d])(?:{_STREET})\s{_NUMBER}(?![\p{{L}}\d:,.]\d|[\p{{L}}\d])", 0.6),
        # Lower-case street forms in sloppy text: "kerkstraat 12"
        Pattern("straat + huisnummer (kleine letters)",
                rf"(?<![\p{{L}}\d])\p{{Ll}}[\p{{L}}]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk)\s\d{{1,5}}[a-z]?(?![\p{{L}}\d])", 0.4),
    ]
    CONTEXT = ["adres", "woont", "wonen", "woonachtig", "verhuisd", "postcode", "huisnummer"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "NL_ADDRESS", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "NlAddressRecognizer",
                         global_regex_flags=regex.DOTALL | regex.MULTILINE)
