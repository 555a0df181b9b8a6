"""EMAIL_ADDRESS, without Presidio's built-in recognizer: that one asks tldextract,
which downloads the public-suffix list.  A syntactic check is enough here."""
from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer


class EmailRecognizer(PatternRecognizer):
    """Recognize e-mail addresses: local@domain.tld with a letters-only top-level domain."""

    PATTERNS = [
        Pattern("e-mailadres",
                r"(?<![\w.+\-])[\w+\-]+(?:\.[\w+\-]+)*@[\p{L}\d](?:[\p{L}\d\-]*[\p{L}\d])?"
                r"(?:\.[\p{L}\d](?:[\p{L}\d\-]*[\p{L}\d])?)*\.\p{L}{2,24}(?![\w\-@])", 0.9),
    ]
    CONTEXT = ["mail", "e-mail", "email", "mailen", "adres"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "EMAIL_ADDRESS", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "EmailRecognizer")
