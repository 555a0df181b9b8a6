"""AGE: the age of a person, "8 jaar geworden", "wordt 12", "een 10-jarige leerling",
"Daan (9 jr)", "opa Henk (75!)", "zijn 10e verjaardag".

"Na 40 jaar met pensioen" and "al 25 jaar bij ons" are durations, not ages, and
"kinderen vanaf 6 jaar" or "van 4 tot 12 jaar" is a limit that is nobody's age:
a number of years counts as an age only with an age cue around it and no limit
word before it.
"""
from __future__ import annotations

import regex
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult

NUMBER_WORDS = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
                "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien",
                "achttien", "negentien", "twintig"]
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_NUM_WORDS_GLUED = "|".join(sorted(NUMBER_WORDS[1:], key=len, reverse=True))

# Cues in the same clause that make "N jaar" an age.
AGE_CUE = regex.compile(
    r"(?<![\p{L}])(?:geworden|wordt|werd|worden|oud|oude|jarig\w*|verjaardag|gefeliciteerd|"
    r"hoera|hiep|leeftijd|is|ben|bent|zijn|was|van|als)(?![\p{L}])", regex.IGNORECASE)
# Words right before or after that make it a duration or a point in time instead.
DURATION_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:na|al|sinds|ruim|bijna|over|binnen|voor|gedurende|afgelopen|laatste|eerste|"
    r"jubileum|elk|ieder|per|om\s+de|meer\s+dan|minder\s+dan)\s+$", regex.IGNORECASE)
# Words before a number that make it a limit or a range: "vanaf 6 jaar", "tot 12 jaar",
# "t/m 12", "4 tot 12 jaar", "8-12 jaar", "onder de 6", "12+".
LIMIT_BEFORE = regex.compile(
    r"(?:(?<![\p{L}])(?:vanaf|tot|t/m|tot\s+en\s+met|onder\s+de|boven\s+de|ouder\s+dan|jonger\s+dan|"
    r"max\.?|maximaal|minimaal|min\.?|minstens|hooguit|tussen|leeftijd\s+van|leeftijden)|\d\s*[-–]|\d\s+(?:en|of))\s*$",
    regex.IGNORECASE)
LIMIT_AFTER = regex.compile(r"^\s*(?:jaar\s+)?(?:\+|[-–]\s*\d|tot\s+\d|t/m|en\s+ouder|en\s+jonger|of\s+ouder|of\s+jonger)",
                            regex.IGNORECASE)
_ORDINAL_WORDS = ("eerste tweede derde vierde vijfde zesde zevende achtste negende tiende elfde twaalfde "
                  "dertiende veertiende vijftiende zestiende zeventiende achttiende negentiende twintigste").split()
DURATION_AFTER = regex.compile(
    r"^\s+(?:geleden|lang|later|eerder|dienst|getrouwd|samen|werkzaam|bestaan|ervaring|"
    r"onderwijs|garantie|jubileum|in\s+dienst|bij|aan|op|voor|werk|les|lid)(?![\p{L}])", regex.IGNORECASE)


class AgeRecognizer(PatternRecognizer):
    """Recognize a person's age; needs an age cue, refuses durations."""

    PATTERNS = [
        Pattern("N jaar", rf"(?<![\p{{L}}\d.,])(?:{_NUM})\s+jaar(?:\s+oud)?(?![\p{{L}}])", 0.3),
        Pattern("N-jarige", rf"(?<![\p{{L}}\d.,])(?:\d{{1,3}}-?|(?:{_NUM_WORDS_GLUED})-?)jarig(?:e|en)?(?![\p{{L}}])", 0.7),
        # "wordt 12!", "wordt vandaag 12.", "is 10 geworden"
        # "Daan (9 jr)", "(9 jaar)", "opa Henk (75!)", "Katsav ( 54 )": an age in brackets after a name.
        Pattern("(N) na een naam",
                r"(?<=(?-i:\p{Lu})[\p{L}\p{M}'’-]*\s*\(\s*)\d{1,3}(?:\s*(?:jr\.?|jaar|j\.))?(?=\s*!?\s*\))", 0.6),
        # "Fenna, 7 jaar, won": an age set off by commas right after a name.
        Pattern("naam, N jaar,",
                r"(?<=(?-i:\p{Lu})[\p{L}\p{M}'’-]*,\s*)\d{1,3}\s+(?:jaar|jr\.?)(?=\s*[,)])", 0.6),
        # "zijn 10e verjaardag", "haar achtste verjaardag", "in zijn 12de levensjaar"
        Pattern("Ne verjaardag",
                r"(?<![\p{L}\d])(?:\d{1,3}\s*(?:e|ste|de|ᵉ)|" + "|".join(_ORDINAL_WORDS) + r")"
                r"(?=\s+(?:verjaardag|levensjaar|verjaardagsfeest)(?![\p{L}]))", 0.6),
        Pattern("wordt N",
                r"(?<![\p{L}])(?:wordt|werd|word|is|ben|bent)\s+(?:vandaag\s+|morgen\s+|zondag\s+|al\s+)?"
                r"\d{1,2}(?=\s*(?:[!.,;)]|$)|\s+(?:geworden|vandaag|jaar)(?![\p{L}]))", 0.6),
    ]
    CONTEXT = ["jarig", "verjaardag", "leeftijd", "geworden", "gefeliciteerd"]

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "AGE", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "AgeRecognizer")

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts, regex_flags)
        kept = []
        for r in results:
            span = text[r.start:r.end]
            if regex.match(r"(?i)(?:wordt|werd|word|is|ben|bent)\s", span):
                # Keep only the number: "wordt 12" -> "12", the cue is context.
                if DURATION_AFTER.search(regex.sub(r"^\s+jaar", "", text[r.end:r.end + 50])) and \
                        regex.match(r"\s+jaar", text[r.end:]):
                    continue  # "is 3 jaar geleden"
                m = regex.search(r"\d{1,2}$", span)
                r.start = r.start + m.start()
                kept.append(r)
                continue
            if self._is_limit(text, r.start, r.end):
                continue
            name = r.analysis_explanation.pattern_name if r.analysis_explanation else ""
            if "jarig" in span.lower() or name in ("(N) na een naam", "naam, N jaar,", "Ne verjaardag"):
                kept.append(r)
                continue
            if self._is_age(text, r.start, r.end):
                r.score = 0.75
                kept.append(r)
        return kept

    @staticmethod
    def _is_limit(text: str, start: int, end: int) -> bool:
        """"vanaf 6 jaar", "tot 12 jaar", "8-12 jaar", "12+": a limit, nobody's age."""
        digits = regex.match(r"\d+", text[start:end])
        after = text[start + digits.end():] if digits else text[end:]
        return bool(LIMIT_BEFORE.search(text[max(0, start - 25):start]) or LIMIT_AFTER.match(after[:20]))

    @staticmethod
    def _is_age(text: str, start: int, end: int) -> bool:
        before = text[max(0, start - 40):start]
        after = text[end:end + 40]
        if DURATION_BEFORE.search(before) or DURATION_AFTER.search(after):
            return False
        if text[start:end].lower().endswith("oud"):
            return True
        # Same clause only: cut at punctuation.
        clause_before = regex.split(r"[.!?;:,()\n]", before)[-1]
        clause_after = regex.split(r"[.!?;:,()\n]", after)[0]
        return bool(AGE_CUE.search(clause_before) or AGE_CUE.search(clause_after))
