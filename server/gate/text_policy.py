"""Text findings: turn the text detector's entities into verdict findings.

Pure functions, no Flask and no database.  Defaults follow DESIGN.md's table:
BSN and confidential-document markers block; special-category or record words
block when they are about a person (a name in the same sentence, or a name
earlier in the text and a personal pronoun in the sentence); personal data
warns; staff names and special-category words about nobody are allowed but
reported.  The school's own contact data never reaches this module (the
analyzer leaves it out).
"""
from __future__ import annotations

import regex

from detectors.text.normalize import sentence_spans
from detectors.text.recognizers.confidential import DOCUMENT_MARKERS
from detectors.text.types import TextEntity

# (rule id, Dutch message template) per entity type for the plain cases.
_PLAIN: dict[str, tuple[str, str, str]] = {
    "NL_BSN": ("block", "tekst.bsn", "Burgerservicenummer (BSN) gevonden: een BSN wordt nooit gepubliceerd."),
    "PHONE_NUMBER": ("warn", "tekst.persoonsgegevens", "Telefoonnummer gevonden: geen telefoonnummers van leerlingen, ouders of medewerkers publiceren."),
    "EMAIL_ADDRESS": ("warn", "tekst.persoonsgegevens", "E-mailadres gevonden: geen e-mailadressen van leerlingen, ouders of medewerkers publiceren."),
    "NL_ADDRESS": ("warn", "tekst.persoonsgegevens", "Adres gevonden: geen huisadressen publiceren."),
    "NL_POSTCODE": ("warn", "tekst.persoonsgegevens", "Postcode gevonden: geen huisadressen publiceren."),
    "IBAN_CODE": ("warn", "tekst.persoonsgegevens", "Bankrekeningnummer (IBAN) gevonden: controleer of dit mag worden gepubliceerd."),
    "BIRTH_DATE": ("warn", "tekst.persoonsgegevens", "Geboortedatum gevonden: geen geboortedata publiceren."),
    "AGE": ("warn", "tekst.persoonsgegevens", "Leeftijd van een persoon gevonden: noem geen leeftijden van leerlingen."),
    "OFFENSIVE": ("warn", "tekst.belediging", "Belediging of bedreiging gevonden: het protocol verbiedt schelden, bedreigen en pesten."),
}

# Words in a sentence that point back to a person named before ("Fijn dat je hersteld bent").
_PERSONAL_REFERENCE = regex.compile(
    r"(?<![\p{L}])(?:je|jij|jou|jouw|hij|zij|ze|hem|haar|zijn|hun|leerling\w*|kind|zoon\w*|dochter\w*|"
    r"juf|meester|collega)(?![\p{L}])", regex.IGNORECASE)
_MARKER = regex.compile("(?:" + "|".join(DOCUMENT_MARKERS) + ")$", regex.IGNORECASE)

# Statements that a personal post is the writer's own (protocol rule 3), and words
# that show a post is about the school at all.
PERSONAL_TITLE = regex.compile(
    r"(?:op\s+persoonlijke\s+titel|persoonlijke\s+mening|mijn\s+(?:eigen\s+)?mening|"
    r"voor\s+eigen\s+rekening|namens\s+mezelf|namens\s+mijzelf|niet\s+namens\s+(?:de|mijn)\s+school|"
    r"ik\s+werk\s+(?:bij|op)|ik\s+ben\s+(?:leerkracht|docent|juf|meester|leraar|lerares|medewerker|"
    r"directeur|conciërge|onderwijsassistent|ib'?er)\s+(?:op|bij|van|aan)|"
    r"als\s+(?:leerkracht|docent|juf|meester|leraar|lerares|medewerker)\s+(?:op|bij|van|aan))",
    regex.IGNORECASE)
ABOUT_SCHOOL = regex.compile(
    r"(?<![\p{L}])(?:school\w*|\w+school|klas\w*|leerling\w*|directie|directeur|collega'?s?|"
    r"juf|meester|leerkracht\w*|docent\w*|rooster|studiedag|ouderavond|groep\s+\d|team|onderwijs|"
    r"rapport\w*|schoolplein|gymzaal|bso|mr|ouderraad)(?![\p{L}])", regex.IGNORECASE)


def text_findings(text: str, entities: list[TextEntity], account: str = "school",
                  school_name: str = "") -> list[dict]:
    """Verdict findings for a text, in text order; one extra for the personal-title rule."""
    sentences = sentence_spans(text)
    people = [e for e in entities if e.entity == "PERSON"]
    findings = [_finding(text, e, people, sentences) for e in entities]
    if account == "personal":
        extra = _personal_title_finding(text, school_name)
        if extra:
            findings.append(extra)
    return findings


def _finding(text: str, e: TextEntity, people: list[TextEntity], sentences) -> dict:
    if e.entity == "PERSON":
        severity, rule, message = _person_rule(e)
    elif e.entity == "SPECIAL_CATEGORY":
        severity, rule, message = _special_rule(text, e, people, sentences)
    elif e.entity == "CONFIDENTIAL":
        severity, rule, message = _confidential_rule(text, e, people, sentences)
    else:
        severity, rule, message = _PLAIN.get(
            e.entity, ("warn", "tekst.persoonsgegevens", f"Mogelijk persoonsgegevens gevonden ({e.entity})."))
    finding = {"kind": "text", "severity": severity, "entity": e.entity, "start": e.start,
               "end": e.end, "text": e.text, "rule": rule, "message": f"{message} [{e.text}]",
               "found_by": e.recognizer}
    if e.entity == "PERSON" and e.person_id:
        finding["person"] = {"id": e.person_id, "name": e.text}
    return finding


def _person_rule(e: TextEntity) -> tuple[str, str, str]:
    if e.role == "medewerker":
        return "allow", "tekst.naam_medewerker", "Naam van een medewerker: toegestaan."
    if e.role == "leerling":
        return "warn", "tekst.naam_leerling", "Naam van een leerling: noem leerlingen niet bij naam zonder toestemming."
    return "warn", "tekst.naam_onbekend", "Naam van een persoon die niet op de lijst staat: controleer of noemen mag."


def _special_rule(text, e, people, sentences) -> tuple[str, str, str]:
    about = _about_person(text, e, people, sentences)
    if about:
        return ("block", "tekst.bijzonder_persoonsgegeven",
                f"Bijzonder persoonsgegeven (gezondheid, geloof, afkomst e.d.) over {about}: nooit publiceren.")
    return ("allow", "tekst.bijzonder_woord",
            "Gevoelig onderwerp zonder persoon in de zin: toegestaan, controleer of niemand herkenbaar is.")


def _confidential_rule(text, e, people, sentences) -> tuple[str, str, str]:
    if _MARKER.match(e.text.strip()):
        return "block", "tekst.vertrouwelijk", "Vertrouwelijk stuk: niet publiceren."
    about = _about_person(text, e, people, sentences)
    if about:
        return ("block", "tekst.dossier_of_maatregel",
                f"Dossier of maatregel over {about}: schoolgegevens worden nooit gepubliceerd.")
    return ("warn", "tekst.dossier_of_maatregel",
            "Dossier of maatregel genoemd: controleer dat niemand herkenbaar is.")


def _about_person(text: str, e: TextEntity, people: list[TextEntity], sentences) -> str | None:
    """The person the word is about: a name in its sentence, or a name before it plus a
    personal reference ("je", "haar") in its sentence."""
    start, end = next(((s, t) for s, t in sentences if s <= e.start < t), (0, len(text)))
    for p in people:
        if start <= p.start < end:
            return p.text
    earlier = [p for p in people if p.end <= start]
    if earlier and _PERSONAL_REFERENCE.search(text[start:end]):
        return earlier[-1].text
    return None


def _personal_title_finding(text: str, school_name: str) -> dict | None:
    about_school = ABOUT_SCHOOL.search(text) or (school_name and school_name.casefold() in text.casefold())
    if not about_school or PERSONAL_TITLE.search(text):
        return None
    return {"kind": "text", "severity": "warn", "entity": "PERSONAL_TITLE", "start": 0, "end": len(text),
            "text": text[:80], "rule": "tekst.persoonlijke_titel",
            "message": "Bericht over school vanaf een persoonlijk account: vermeld dat u er werkt en op "
                       "persoonlijke titel schrijft (protocol, regel 3)."}
