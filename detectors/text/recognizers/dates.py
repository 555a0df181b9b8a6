"""Date expressions in Dutch, shared by the birth-date recognizer."""
from __future__ import annotations

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december",
          "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec"]
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))

# "3 maart 2015", "3 maart", "3e maart", "14-03-2018", "14/3/18", "2015-03-14"
DATE = (
    rf"(?:[1-9]|[12]\d|3[01])(?:e|ste|de)?\s(?:{_MONTH})\.?(?:\s(?:19|20)\d\d)?"
    r"|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:(?:19|20)\d\d|\d\d)"
    r"|(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
)
