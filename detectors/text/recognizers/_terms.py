"""Build one Presidio pattern from a curated list of Dutch terms.

Terms are regex fragments: "medicijn\\w*" covers medicijnen and medicijngebruik,
"\\w*operatie" covers hartoperatie.  Matching is case-insensitive (Presidio's
default) except inside (?-i:...), used for acronyms such as ADD that are also
ordinary English words in lower case.
"""
from __future__ import annotations

from presidio_analyzer import Pattern

# A term must stand as a whole word: no letter or digit glued to either side.
_LEFT = r"(?<![\p{L}\p{M}\d])"
_RIGHT = r"(?![\p{L}\p{M}\d])"


def term_pattern(name: str, terms: list[str], score: float) -> Pattern:
    """One alternation over all terms, longest first so phrases beat their words."""
    ordered = sorted(terms, key=len, reverse=True)
    body = "|".join(f"(?:{t})" for t in ordered)
    return Pattern(name, f"{_LEFT}(?:{body}){_RIGHT}", score)
