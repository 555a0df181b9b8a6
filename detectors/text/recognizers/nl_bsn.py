"""NL_BSN: the Dutch citizen service number, found by pattern and the 11-proef."""
from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

# Words before a nine-digit number that say it is something else; a random
# number passes the 11-proef one time in eleven, so an order number could.
NEGATIVE_CONTEXT = (
    "bestelnummer", "ordernummer", "factuurnummer", "klantnummer", "artikelnummer",
    "kenmerk", "referentie", "rekeningnummer", "zendingnummer", "track", "telefoon", "tel",
    "lidnummer", "polisnummer", "kvk",
)


class NlBsnRecognizer(PatternRecognizer):
    """Recognize a BSN: nine digits (also 1234.56.789 or 123 456 789) passing the 11-proef."""

    PATTERNS = [
        Pattern("BSN (9 cijfers)", r"(?<![\d.,\-/])\d{9}(?![\d\-/]|[.,]\d)", 0.5),
        Pattern("BSN (gegroepeerd)", r"(?<![\d.,\-/])(?:\d{4}\.\d{2}\.\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\d\-/]|[.,]\d)", 0.4),
    ]
    CONTEXT = ["bsn", "burgerservicenummer", "sofinummer", "sofi", "persoonsnummer"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "NL_BSN", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "NlBsnRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        """The 11-proef: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple of 11."""
        digits = [int(c) for c in pattern_text if c.isdigit()]
        if len(digits) != 9 or len(set(digits)) == 1:
            return False
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1))) - digits[8]
        return total % 11 == 0

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not self._other_number(text, r.start)]

    @staticmethod
    def _other_number(text: str, start: int) -> bool:
        before = text[max(0, start - 30):start].lower()
        return any(word in before for word in NEGATIVE_CONTEXT)
