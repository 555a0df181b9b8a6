"""IBAN_CODE: bank account numbers, checked with the ISO 13616 mod-97 checksum."""
from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

# Lengths of the IBANs one meets in Dutch school mail; others are checked by checksum only.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "LU": 20, "ES": 24, "IT": 27,
                "PT": 25, "AT": 20, "CH": 21, "PL": 28, "TR": 26, "DK": 18, "SE": 24, "NO": 15,
                "FI": 18, "IE": 22, "MA": 28}


class IbanRecognizer(PatternRecognizer):
    """Recognize an IBAN written compact or in groups of four, in any case."""

    PATTERNS = [
        Pattern("IBAN (NL)", r"(?<![\p{L}\d])NL\d{2} ?[A-Z]{4}(?: ?\d{4}){2} ?\d{2}(?![\p{L}\d])", 0.6),
        Pattern("IBAN", r"(?<![\p{L}\d])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\p{L}\d])", 0.4),
    ]
    CONTEXT = ["iban", "rekening", "rekeningnummer", "bankrekening", "overmaken", "t.n.v.", "storten"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "IBAN_CODE", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "IbanRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        """Mod-97 of the rearranged number must be 1, and the country's length must fit."""
        iban = pattern_text.replace(" ", "").upper()
        expected = IBAN_LENGTHS.get(iban[:2])
        if expected is not None and len(iban) != expected:
            return False
        if not 15 <= len(iban) <= 34:
            return False
        rearranged = iban[4:] + iban[:4]
        number = "".join(str(int(c, 36)) for c in rearranged)
        return int(number) % 97 == 1
