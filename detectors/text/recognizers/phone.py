"""PHONE_NUMBER: Dutch mobile and landline numbers, national or with +31 / 0031 / (0)."""
from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

# A separator between digit groups: a space, or a hyphen (or a word processor's en or
# em dash), dot or slash with at most one space on either side ("020 - 555 12 34", "06 – 12").
_SEP = r"(?:[ ]?[\-–—./][ ]?|[ ])?"


class NlPhoneRecognizer(PatternRecognizer):
    """Recognize Dutch phone numbers; phonenumbers' NL metadata (offline) validates them."""

    PATTERNS = [
        # +31 6 12345678, 0031 (0)20 123 4567, +31(0)612345678
        Pattern("telefoon (internationaal)",
                r"(?<![\w+])(?:\+|00)\s?31\s?(?:\(0\)\s?)?[1-9](?:" + _SEP + r"\d){8}(?!\d)", 0.6),
        # 06-12345678, 06 12 34 56 78, 030-1234567, (030) 123 45 67, 0800-1234
        Pattern("telefoon (nationaal)",
                r"(?<![\w+/.,\-])(?:\(0\d{1,3}\)\s?(?:-\s?)?|0)\d(?:" + _SEP + r"\d){5,8}(?![\d\-])", 0.5),
        Pattern("telefoon (0800/0900)", r"(?<![\w+/.,\-])0[89]00[ \-]?\d{4}(?:\d{3})?(?![\d\-])", 0.5),
    ]
    CONTEXT = ["bel", "bellen", "telefoon", "telefoonnummer", "tel", "mobiel", "06", "whatsapp",
               "app", "sms", "nummer", "bereikbaar", "terugbellen"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "PHONE_NUMBER", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "NlPhoneRecognizer")

    def validate_result(self, pattern_text: str) -> bool:
        """Nine national digits after +31 / 0031 / 0 (a Dutch number's length), not
        starting with 0; 0800/0900 service numbers have 4 or 7 digits after the prefix.

        A length check rather than phonenumbers' "valid" test: a caption's 06-9...
        number is someone's phone whether or not that block is issued yet.
        """
        digits = regex.sub(r"\D", "", pattern_text.replace("(0)", ""))
        if pattern_text.lstrip().startswith("+"):
            digits = digits[2:] if digits.startswith("31") else ""
        elif digits.startswith("0031"):
            digits = digits[4:]
        elif digits.startswith("0"):
            digits = digits[1:]
        if digits[:2] in ("80", "90"):
            return len(digits) in (7, 10)
        return len(digits) == 9 and digits[0] != "0"
