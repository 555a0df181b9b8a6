"""PHONE_NUMBER: Dutch mobile and landline numbers, national or with +31 / 0031 / (0)."""
from __future__ import annotations

import phonenumbers
from presidio_analyzer import Pattern, PatternRecognizer

# A separator between digit groups: space, hyphen, dot or slash, at most one.
_SEP = r"[ \-./]?"


class NlPhoneRecognizer(PatternRecognizer):
    """Recognize Dutch phone numbers; phonenumbers' NL metadata (offline) validates them."""

    PATTERNS = [
        # +31 6 12345678, 0031 (0)20 123 4567, +31(0)612345678
        Pattern("telefoon (internationaal)",
                r"(?<![\w+])(?:\+|00)\s?31\s?(?:\(0\)\s?)?[1-9](?:" + _SEP + r"\d){8}(?!\d)", 0.6),
        # 06-12345678, 06 12 34 56 78, 030-1234567, (030) 123 45 67, 0800-1234
        Pattern("telefoon (nationaal)",
                r"(?<![\w+/.,\-])(?:\(0\d{1,3}\)\s?|0)\d(?:" + _SEP + r"\d){7,8}(?![\d\-])", 0.5),
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
        """A possible Dutch number by length (phonenumbers' NL metadata, offline).

        Possible rather than valid: a caption's 06-9... number is someone's phone
        whether or not the operator block is issued yet.
        """
        try:
            number = phonenumbers.parse(pattern_text.replace("(0)", ""), "NL")
        except phonenumbers.NumberParseException:
            return False
        return phonenumbers.is_possible_number(number) and str(number.national_number)[:1] != "0"
