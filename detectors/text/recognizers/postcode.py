"""NL_POSTCODE: Dutch postcodes, 1234 AB or 1234AB, capitals as written."""
from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer


class NlPostcodeRecognizer(PatternRecognizer):
    """Recognize a Dutch postcode; lower-case letters ("2016 en") are no postcode.

    PostNL never issues the letter pairs SA, SD and SS.
    """

    PATTERNS = [
        Pattern("postcode", r"(?<![\p{L}\d\-.,/])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\p{L}\d])", 0.6),
    ]
    CONTEXT = ["postcode", "adres", "woont", "wonen", "woonachtig"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "NL_POSTCODE", name: str | None = None):
        # No IGNORECASE: the capitals are what tell a postcode from a year and a word.
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "NlPostcodeRecognizer",
                         global_regex_flags=regex.DOTALL | regex.MULTILINE)
