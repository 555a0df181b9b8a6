"""Runs of capitalised words that may be a person's name, with the words around them.

A run is a stretch of capitalised words joined by blanks, particles ("Henk de Jong",
"was de Wit") or initials' dots ("J. Peeters"), less a leading title or sentence
opener, with what announces it (a title, a function, a speech verb) and whether the
words around it make it a firm, club or party.  Judging whether it is a person is
unknown_person.py's job.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from detectors.text.names import (ADDRESS_TITLES, PARTICLES, TITLES, first_names, is_common_word, last_names,
                                  places, world_places)
from detectors.text.normalize import Token

# Capitalised words that start sentences or name things but are never people.
NOT_NAMES = frozenset("""
groep juf meester meneer mevrouw ouders beste lieve hallo hoi dag goedemorgen welkom bedankt dank
gefeliciteerd proficiat hoera maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
januari februari maart april mei juni juli augustus september oktober november december
kerst kerstmis pasen pinksteren sinterklaas koningsdag hemelvaart carnaval ramadan
school basisschool obs cbs rkbs kbs pcbs ikc bso tso kinderopvang mr ouderraad directie
justitie defensie politie onderwijs financien economie volksgezondheid gemeente provincie kabinet regering
""".split())

# Titles written with a dot; after any other word a dot ends the sentence
# ("bezoek van de burgemeester. Vragen?").
ABBREVIATED_TITLES = frozenset({"dhr", "dr", "drs", "ds", "hr", "ing", "ir", "mevr", "mr", "mrs", "ms", "mvr",
                                "mw", "prof", "st"})
# Compound functions end in a title: "eindredacteur", "Bayern-doelman", "jazzzanger".
ROLE_HEADS = tuple(t for t in TITLES if len(t) >= 4) + (
    "redacteur", "journalist", "maker", "chef", "genoot", "lid", "leider", "voorzitter", "vrouw",
    "directeur", "manager", "woordvoerder", "zanger", "zangeres", "speler", "trainer", "ster")
# "zegt Wijnants", "volgens Fleurbaey": in reported speech the speaker is a person.
SPEECH_VERBS = frozenset("""
zegt zei zeggen vertelt vertelde verklaart verklaarde meent meende aldus volgens vindt vond
stelt stelde benadrukt benadrukte antwoordt antwoordde reageert reageerde schrijft schreef
vraagt vroeg bevestigt bevestigde ontkent ontkende weet denkt dacht hoopt hoopte
""".split())
# After these a capitalised word is a place: "naar Artis", "in Sydney".
# Also a capitalised word found on no list at all (not a Dutch word, not a place,
# no article before it) counts as a name: news and school posts are full of
# surnames no list has ("Barrichello", "Wijnants").  Costs precision on brand names.
GUESS_UNKNOWN = True
# "bij Ferrari", "voor Tectrade": companies more often than people.
ORG_PREPOSITIONS = frozenset("bij tegen namens".split())
BRAND_ENDINGS = ("immo", "trade", "tech", "soft", "invest", "bank", "group", "net", "com", "tel",
                 "media", "data", "air", "lines", "sport", "shop", "store", "tv", "fm", "online")
# Names rarely take an article: "de Knesset", "het MoMA" are no people.
ARTICLES = frozenset("de het een der des den dit dat deze die ons onze".split())
# Words that end or follow the names of firms, clubs and institutions (general, many countries).
ORG_LEGAL_FORMS = frozenset("BV NV VOF CV SA AG GmbH Ltd Inc Corp PLC plc LLC SE SpA SRL JC FC VV AFC SC".split())
ORG_WORDS = frozenset("""
bank groep group holding securities broadcasting communications technologies technology systems
software airways airlines airline pharma media news telecom motors partners capital invest investments
fund funds trust insurance verzekeringen foundation stichting vereniging international
industries industrie company compagnie maatschappij corporation associates consulting services
united city rovers wanderers athletic club
""".split())
CLUB_PREFIXES = frozenset("fc ac as sc kv vv rsc ksc kvc real racing sporting olympique atletico".split())
# Heads of Dutch compounds that name an institution or a thing, never a surname.
INSTITUTION_ENDINGS = ("ziekenhuis", "theater", "commissie", "verzekering", "garantie", "museum",
                       "kliniek", "centrum", "college", "instituut", "stichting", "vereniging",
                       "federatie", "ministerie", "partij", "fonds", "bedrijf", "concern")
PLACE_PREPOSITIONS = frozenset("in naar uit te op vanuit richting nabij rond tijdens".split())


# First words of place names and of English, French or Spanish titles, never of a
# person's name: "Camp David", "Los Angeles", "The Gathering", "Les Demoiselles".
PLACE_AND_TITLE_HEADS = frozenset("""
the of les los las el la le il lo san santa santo saint sainte sint camp fort port mount mont lake
cape cap sierra costa puerto porto rio new north south east west nord sud club hotel
""".split())


@dataclass
class NameRun:
    tokens: list[Token]  # the name's words, with lower-case particles between them
    start: int
    end: int
    has_initial: bool
    cue: str | None  # a title, function or speech verb right before the run
    before: Token | None
    organisation: bool = False  # the words around it make it a firm, club or party
    own_line: bool = False  # the run is the whole line: a signature or a byline
    after: Token | None = None  # the word right after the run, if only blanks are between
    heading: bool = False  # the run's line ends without a sentence's closing mark: a heading
    lead: Token | None = None  # a capitalised word dropped from the run's head: "Radio" in "Radio Roxy"

# "Bedankt Ouahabi", "Welkom, Rajiv", "dank je wel Ilona": greetings and thanks go to people.
_GREETING = regex.compile(r"(?<![\w])(?:dank\s+je\s+wel|dankjewel|dank\s+u\s+wel|bedankt|welkom|gefeliciteerd|"
                          r"proficiat|hoi|hallo|beste|lieve)[ \t]*,?[ \t]*$", regex.IGNORECASE)

def _group_word(words: list[Token]) -> bool:
    """"Lieve Zonnebloemers", "Beste Kanjers": a greeting to a group, by its plural ending."""
    word = words[-1].folded
    return len(words) == 1 and word.endswith(("ers", "tjes", "jes")) and word not in last_names() \
        and word not in first_names()


# How a sentence, a quote or a post's line closes (an emoji or a hashtag ends a caption's
# sentence); a short line without it is a heading, a list entry or a signature.
_CLOSED_LINE = regex.compile(r"(?:[.!?:;\"'”’)…]|\p{So}|\p{Sk}|[#@][\w-]+)\s*$")
HEADING_WORDS = 7


def is_name_word(token: Token) -> bool:
    return token.is_capitalized and not token.is_all_caps


def name_runs(text: str, tokens: list[Token]):
    """Maximal runs of capitalised words, joined by blanks, particles or initials' dots."""
    i = 0
    while i < len(tokens):
        if not is_name_word(tokens[i]):
            i += 1
            continue
        words = [tokens[i]]
        has_initial = False
        j = i + 1
        while j < len(tokens):
            gap = text[tokens[j - 1].end:tokens[j].start]
            initial_dot = len(tokens[j - 1].text) == 1 and gap.strip() in {".", ".-"}
            if gap.strip() and not initial_dot:
                break
            has_initial = has_initial or initial_dot
            if is_name_word(tokens[j]) and (initial_dot or not tokens[j].sentence_start):
                words.append(tokens[j])
                j += 1
                continue
            # particles: "van den" + capitalised word
            k = j
            while k < len(tokens) and tokens[k].folded in PARTICLES and not tokens[k].is_capitalized \
                    and not text[tokens[k - 1].end:tokens[k].start].strip():
                k += 1
            if k > j and k < len(tokens) and is_name_word(tokens[k]) \
                    and not text[tokens[k - 1].end:tokens[k].start].strip():
                words.extend(tokens[j:k + 1])
                j = k + 1
                continue
            break
        # "was de Wit op school", "juf van der Meer": lower-case particles before a
        # capitalised word make a surname.
        p = _particle_prefix(text, tokens, i)
        if p < i:
            words = list(tokens[p:i]) + words
        # A word on the line above is no context: "... voorzitter\nCommissie" is a new line.
        before = tokens[p - 1] if p > 0 and "\n" not in text[tokens[p - 1].end:tokens[p].start] else None
        gap_before = text[before.end:tokens[p].start].strip() if before is not None else ""
        # "Dr. Veer", "mevr. Jansen": an abbreviated title keeps its dot.
        lead = None
        cue = cue_before(before) if before is not None and (
            not gap_before or (gap_before == "." and before.folded in ABBREVIATED_TITLES)) else None
        # Leading words that are no part of the name: a title ("Juf Fatma", "Minister
        # Dewael") or a capitalised sentence opener ("Bedankt Henk de Jong").  "Minister
        # van Buitenlandse Zaken" is a portfolio, not a name.
        while len(words) > 1 and (words[0].folded in TITLES or words[0].folded in NOT_NAMES or (
                words[0].sentence_start and is_common_word(words[0].folded)
                and words[0].folded not in first_names() and words[0].folded not in PARTICLES)
                or _role_compound(words[0]) or _lead_beforeis_first_name(words[0], words[1])):
            if words[0].folded in TITLES:
                # "minister van Financiën" names a portfolio; "juf van Dijk" a person.
                if words[1].folded in PARTICLES and not words[1].is_capitalized \
                        and words[0].folded not in ADDRESS_TITLES:
                    break
                cue = "na een titel of aanspreekvorm"
            elif _role_compound(words[0]):
                cue = "na een titel of functie"
            else:
                lead = words[0]
            adult_title = words[0].folded in ADDRESS_TITLES
            words = words[1:]
            while len(words) > 1 and words[0].folded in PARTICLES and not words[0].is_capitalized \
                    and not adult_title:
                words = words[1:]
        if len(words) == 1 and words[0].folded in ABBREVIATED_TITLES:
            i = j  # "Mevr." before "Jansen": the title itself is no name
            continue
        if cue is None and _GREETING.search(text[max(0, words[0].start - 24):words[0].start]) \
                and not _group_word(words):
            cue = "na een groet of bedankje"
        if cue is None and j < len(tokens) and len(words) == 1:
            cue = _cue_after(text, words[-1], tokens[j])
        org = _organisation_context(text, tokens, words, j)
        line_start = text.rfind("\n", 0, words[0].start) + 1
        line_end = text.find("\n", words[-1].end)
        own_line = not text[line_start:words[0].start].strip() and \
            not text[words[-1].end:len(text) if line_end < 0 else line_end].strip()
        after = tokens[j] if j < len(tokens) and not text[words[-1].end:tokens[j].start].strip() else None
        line = text[line_start:len(text) if line_end < 0 else line_end]
        # (Length first: a regex over a long caption's line for each run costs a post's time.)
        heading = len(line) <= 100 and len(line.split()) <= HEADING_WORDS and not _CLOSED_LINE.search(line)
        yield NameRun(words, words[0].start, words[-1].end, has_initial, cue, before, org, own_line, after, heading, lead)
        i = j


# Particle groups that only ever start a surname ("van der Meer", "ter Horst").
# ("van de" and "van het" are more often "of the").
SURNAME_PARTICLES = frozenset({"van der", "van den", "van 't", "in 't", "ter", "ten", "op 't", "uit den"})


# Prepositions that no "van <place>" follows: "aan van Beek", "met van Dam" are surnames.
STACKED_PREPOSITIONS = frozenset("aan met door bij voor naar tegen over zonder dan als".split())


def _particle_prefix(text: str, tokens: list[Token], i: int) -> int:
    """Index where lower-case particles right before token i start, if together with
    token i they make a surname: a listed one ("de Wit", "van den Berg"), a
    surname-only particle group ("van der Meer"), or any after a title ("juf van
    Sabena" is a person, "de directeur van Sabena" is not)."""
    p = i
    while p > 0 and i - p < 3 and tokens[p - 1].folded in PARTICLES and tokens[p - 1].text.islower() \
            and not text[tokens[p - 1].end:tokens[p].start].strip():
        p -= 1
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if p == i or tokens[i].sentence_start or (
            nxt is not None and is_name_word(nxt) and not text[tokens[i].end:nxt.start].strip()):
        return i  # a surname ends the name: "de Grote Markt" is no person
    word = tokens[i].folded
    is_place = word in places() or word in world_places()
    for q in range(p, i):
        particles = " ".join(t.folded for t in tokens[q:i])
        titled = q > 0 and tokens[q - 1].folded in ADDRESS_TITLES \
            and not text[tokens[q - 1].end:tokens[q].start].strip(" .")
        # "dank aan van Beek": after a preposition "van Beek" cannot mean "from Beek".
        after_preposition = q > 0 and tokens[q - 1].folded in STACKED_PREPOSITIONS \
            and not text[tokens[q - 1].end:tokens[q].start].strip()
        if (f"{particles} {word}" in last_names() and not (is_place and particles == "van" and not after_preposition)) \
                or particles in SURNAME_PARTICLES or (titled and not is_place):
            return q
    return i


_OPEN_BRACKET = regex.compile(r"[\p{L}\d]\s*\(\s*$")
_QUOTE_AFTER_COLON = regex.compile(r"\s*:\s*['\"“‘]")


def _organisation_context(text: str, tokens: list[Token], words: list[Token], j: int) -> bool:
    """"KBC Securities", "BNP Paribas", "Lernout & Hauspie", "Omega Pharma", "(Agalev)":
    the words around a capitalised run that make it a firm, club or party."""
    start, end = words[0].start, words[-1].end
    prev = next((t for t in reversed(tokens) if t.end <= start), None)
    nxt = tokens[j] if j < len(tokens) else None
    first_name = words[0].folded in first_names() and len(words) > 1
    if prev is not None and prev.is_all_caps and not text[prev.end:start].strip() and not first_name:
        return True  # an acronym right before: "KBC Securities", "BNP Paribas"; not "KMO Jaak Gabriëls"
    if nxt is not None and not text[end:nxt.start].strip() and (
            nxt.text in ORG_LEGAL_FORMS or nxt.folded in ORG_WORDS):
        return True  # "SBS Broadcasting BV", "Roda JC"
    if words[-1].folded in ORG_WORDS or words[0].folded in CLUB_PREFIXES and len(words) > 1:
        return True  # "Abbey National Bank", "Carlton Communications", "Racing Santander"
    if any(words[-1].folded.endswith(e) and len(words[-1].folded) > len(e) + 2 for e in INSTITUTION_ENDINGS):
        return True  # "Sint-Jansziekenhuis", "Eenheidscommissie"
    if len(words) == 1 and (text[max(0, start - 3):start].rstrip().endswith("&")
                            or text[end:end + 3].lstrip().startswith("&")):
        return True  # "Lernout & Hauspie": firms join names with an ampersand
    # A lone word in brackets after a name or statement is a party or a source: "(Ecolo)".
    # (A bracket after a closed sentence holds a byline instead: "... gebeurd. (ABx)".)
    return len(words) == 1 and bool(_OPEN_BRACKET.search(text[max(0, start - 4):start])) \
        and text[end:end + 3].lstrip().startswith(")")


def is_first_name(word: Token) -> bool:
    """A listed first name, also a double one: "Peter-Jan", "Anne-Sophie"."""
    return all(part in first_names() for part in word.folded.split("-"))


def _role_compound(word: Token) -> bool:
    """"UBS-baas", "Bayern-doelman", "Suzuki-teammanager": a function joined to its firm or club."""
    head = word.folded.rsplit("-", 1)[-1] if "-" in word.folded else ""
    return bool(head) and word.text.rsplit("-", 1)[-1][:1].islower() and (
        head in TITLES or (len(head) >= 4 and head.endswith(ROLE_HEADS)))


def _lead_beforeis_first_name(word: Token, nxt: Token) -> bool:
    """"(minister van) Verkeer Isabelle Durant": a capitalised Dutch word before a first name
    ends a portfolio or a heading; it is no part of the name.  Short words are often part of
    a place or title instead ("Los Angeles", "Camp David", "Sant Jordi")."""
    return len(word.text) >= 5 and is_common_word(word.folded) and word.folded not in first_names() \
        and word.folded not in PARTICLES and nxt.folded in first_names() and not is_common_word(nxt.folded)


def _cue_after(text: str, word: Token, nxt: Token) -> str | None:
    """"Arafat zei", "Geboers: '...'": a speaker is a person."""
    gap = text[word.end:nxt.start]
    if not gap.strip() and nxt.folded in SPEECH_VERBS:
        return "gevolgd door een werkwoord van zeggen"
    if word.sentence_start and _QUOTE_AFTER_COLON.match(text[word.end:word.end + 6]):
        return "spreker van een citaat"
    return None


def cue_before(before: Token) -> str | None:
    """Why the word before a capitalised run announces a person, if it does."""
    word = before.folded
    if word in TITLES or (len(word) >= 7 and any(word.endswith(t) for t in ROLE_HEADS)):
        return "na een titel of functie"
    if word in SPEECH_VERBS:
        return "na een werkwoord van zeggen"
    return None
