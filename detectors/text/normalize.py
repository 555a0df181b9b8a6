"""Text folding and tokenizing shared by the list-based recognizers.

Names are matched on a folded form (case and diacritics removed, Turkish
dotless ı as i), so "ZOE", "zoë" and "Zoë" all find the pupil Zoë.  Tokens
keep their offsets in the original text: folding never moves a span.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from dataclasses import dataclass

import regex

# Letters (with combining marks) joined by inner hyphens or an apostrophe
# followed by two or more letters: "Anne-Sophie", "O'Brien", but "Sanne's" -> "Sanne".
WORD_RE = regex.compile(r"[\p{L}\p{M}]+(?:(?:-|['’](?=[\p{L}\p{M}]{2}))[\p{L}\p{M}]+)*")

_SPECIAL = str.maketrans({"ı": "i", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "æ": "ae"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics and map look-alike letters: 'Yılmaz' -> 'yilmaz'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("’", "'")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    folded: str
    sentence_start: bool  # first word of a sentence: capitals there say little

    @property
    def is_capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_all_caps(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


# What ends a sentence or clause such that the next word may be capitalized anyway.
_SENTENCE_BREAK = regex.compile(r"[.!?:;…\n\"“”(\[•*#@]|^\s*[-–—]|\s[-–—]\s")


_SYMBOL = regex.compile(r"\p{So}")


@lru_cache(maxsize=4)
def tokenize(text: str) -> tuple[Token, ...]:
    """Word tokens with offsets; marks the first word of each sentence.

    Cached for the last few texts: every name recognizer tokenizes the same text.
    """
    tokens: list[Token] = []
    prev_end = 0
    for m in WORD_RE.finditer(text):
        gap = text[prev_end:m.start()]
        starts = not tokens or (gap != " " and bool(_SENTENCE_BREAK.search(gap) or _SYMBOL.search(gap)))
        tokens.append(Token(m.group(), m.start(), m.end(), fold(m.group()), starts))
        prev_end = m.end()
    return tuple(tokens)


# Abbreviations whose dot ends no sentence: "afwezig i.v.m. een aanval", "o.a.", "dhr.".
ABBREVIATIONS = frozenset("""
i.v.m ivm m.b.t mbt t.a.v o.a bijv bv d.w.z dwz z.s.m a.s evt ca enz etc nl resp jl vnl
dhr mevr mw mr dr drs ir ing prof st m.i.v m.u.v t/m i.p.v ipv n.a.v nav
""".split())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Rough sentence boundaries: enough to tie a sensitive word to a name.

    A dot after an abbreviation ("i.v.m.", "dhr.") or an initial ("H.J. van Dam")
    ends no sentence.
    """
    spans = []
    start = 0
    for m in regex.finditer(r"[.!?…]+(?=\s|$)|\n\s*\n|\n", text):
        if m.group() == ".":
            word = regex.search(r"[\p{L}./]*$", text[start:m.start()]).group().casefold()
            if word in ABBREVIATIONS or regex.fullmatch(r"(?:\p{L}\.)*\p{L}", word):
                continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans
