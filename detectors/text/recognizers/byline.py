"""PERSON as a writer's initials: the byline that closes a news item or a newsletter piece.

Newspapers and school newsletters sign a piece with the writer's initials in
brackets after its last sentence ("... in september. (GSC)") or on a line of
their own ("KS").  Initials are personal data when they sign a text.  In the
middle of a sentence a bracketed abbreviation is a party or an acronym
("Bert Anciaux (VU) zei"), and news agencies sign the same way ("(ANP)"), so
neither counts.
"""
from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer

# Signatures that are organisations, and short capitals that are common abbreviations.
NOT_INITIALS = frozenset("""
ANP AFP AP DPA BELGA REUTERS EFE ATS NOS RTL VRT VTM BBC CNN HLN NRC NOS GPD KNMI
PS NB OK EU VS VN USA UK IT ICT TV CD DVD PC BSN ADHD ADD ASS DCD PDD TOS WC BHV EHBO OR MR GMR BSO TSO KDV PSZ
""".split())

_END = r"(?:^|(?<=[.!?\"”'’…][ \t]{0,3}))"


class BylineInitialsRecognizer(PatternRecognizer):
    """Recognize initials in brackets after a closing sentence, or alone on a line."""

    PATTERNS = [
        # "(GSC)" or "( GSC )" at the end of a line, right after a sentence or on its own.
        Pattern("initialen tussen haakjes",
                _END + r"[ \t]*\(\s*\K[A-Z]{2,4}(?=\s*\)[ \t]*$)", 0.5),
        # "KS" on a line of its own under a piece.
        Pattern("initialen op eigen regel", r"^[ \t]*\K[A-Z]{2,3}(?=[ \t]*$)", 0.45),
    ]
    CONTEXT: list[str] = []

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "PERSON", name: str | None = None):
        # Case matters: initials are capitals.
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "BylineInitialsRecognizer", global_regex_flags=regex.MULTILINE)

    def invalidate_result(self, pattern_text: str) -> bool:
        return pattern_text in NOT_INITIALS
