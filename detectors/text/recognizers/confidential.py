"""CONFIDENTIAL: markers of confidential documents, pupil records and disciplinary
measures ("leerlingdossier", "vertrouwelijk", "geschorst", "verwijderd van school")."""
from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from detectors.text.recognizers._terms import term_pattern

# Marks a document as not for publication: blocks even without a name.
DOCUMENT_MARKERS = [
    r"vertrouwelijk\w*", r"strikt\s+vertrouwelijk", r"confidentieel", r"intern\s+gebruik",
    r"alleen\s+voor\s+intern(?:\s+gebruik)?",
    r"(?-i:CONFIDENTIAL)", r"(?-i:INTERN)",
]
# School records and disciplinary measures: block when they are about a person.
RECORDS = [
    r"\w*dossier(?:s)?", r"leerlingdossier\w*", r"zorgdossier\w*", r"leerlingvolgsysteem",
    r"ontwikkelingsperspectief\w*", r"(?-i:OPP)", r"handelingsplan\w*", r"zorgplan\w*",
    r"groeidocument\w*", r"onderwijskundig\s+rapport", r"incidentregistratie\w*", r"incidentmelding\w*",
    r"verzuimmelding\w*", r"leerplichtambtenaar", r"leerplicht\w*", r"veilig\s+thuis",
    r"jeugdzorg", r"jeugdbescherming", r"ondertoezichtstelling", r"uithuisplaatsing",
    r"zorgmelding\w*", r"zorgoverleg", r"zorgteam", r"meldcode",
    r"geschorst", r"schorsing\w*", r"verwijderd\s+van\s+(?:de\s+)?school", r"van\s+school\s+gestuurd",
    r"definitieve\s+verwijdering", r"verwijdering\s+van\s+school", r"verwijderingsprocedure",
    r"officiële\s+waarschuwing", r"strafwerk", r"disciplinaire\s+maatregel\w*",
    # Measures and absence: a record when about someone.
    r"spijbel\w*", r"verzuim\w*", r"time-?out", r"nablijven", r"strafregels?", r"huisverbod",
]


class ConfidentialRecognizer(PatternRecognizer):
    """Recognize confidential-document markers and school-record or disciplinary words."""

    PATTERNS = [
        term_pattern("vertrouwelijk document", DOCUMENT_MARKERS, 0.8),
        term_pattern("dossier of maatregel", RECORDS, 0.7),
    ]
    CONTEXT: list[str] = []

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "CONFIDENTIAL", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "ConfidentialRecognizer")
