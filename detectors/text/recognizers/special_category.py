"""SPECIAL_CATEGORY: health, medication, diagnoses, pregnancy, religion, ethnicity,
sexual orientation and other special categories of personal data (AVG art. 9).

A curated list by topic, not a list of the dev posts' words.  Compounds are
caught by their head ("\\w*operatie": hartoperatie, blindedarmoperatie) or by
their stem ("medicijn\\w*": medicijnen, medicijngebruik).  Acronyms are
case-sensitive so that "add" or "ass" in English text do not count.
"""
from __future__ import annotations

from presidio_analyzer import PatternRecognizer

from detectors.text.recognizers._terms import term_pattern

HEALTH = [
    r"ziek", r"zieke", r"ziekte\w*", r"\w+ziekte", r"ziekenhuis\w*", r"\w*ziek", r"ziekmelding\w*",
    r"\w*operatie(?:s)?", r"geopereerd", r"opgenomen\s+in\s+het\s+ziekenhuis",
    r"kanker", r"\w+kanker", r"leukemie", r"tumor", r"chemo\w*", r"bestraling\w*",
    r"diabetes", r"suikerziekte", r"epilepsie", r"epileptisch\w*", r"astma\w*", r"allergie\w*",
    r"\w+allergie", r"allergisch\w*", r"eczeem", r"migraine", r"hersenschudding", r"hersenletsel",
    r"gebroken\s+(?:been|arm|pols|enkel|sleutelbeen|teen|vinger)", r"(?:bot|been|arm|pols|enkel|sleutelbeen|schedel|heup)breuk", r"hernia", r"gips",
    r"krukken", r"rolstoel\w*", r"handicap\w*", r"gehandicapt\w*", r"beperking\w*", r"invalide",
    r"doof", r"dove", r"slechthorend\w*", r"blind", r"blinde", r"slechtziend\w*", r"gehoorapparaat",
    r"syndroom", r"\w+syndroom", r"down(?:syndroom)?", r"syndroom\s+van\s+\w+",
    r"(?-i:ADHD|ADD|ASS|PDD-NOS|ODD|NLD|DCD|OCD|PTSS|HIV|SOA)", r"autisme", r"autistisch\w*",
    r"dyslexie", r"dyslectisch\w*", r"dyscalculie", r"hoogbegaafd\w*", r"gilles\s+de\s+la\s+tourette",
    r"depressie\w*", r"depressief", r"depressieve", r"angststoornis\w*", r"\w*stoornis(?:sen)?",
    r"paniekaanval\w*", r"burn-?out", r"overspannen", r"psychose", r"psychisch\w*", r"psychiatri\w*",
    r"psycholoog", r"psychiater", r"therapie", r"\w+therapie", r"therapeut\w*",
    r"eetstoornis", r"anorexia", r"boulimia", r"zelfbeschadiging", r"zelfmoord\w*", r"suïcid\w*",
    r"suicid\w*", r"verslav\w*", r"verslaafd\w*", r"afkicken", r"drugsgebruik",
    r"medicijn\w*", r"medicatie\w*", r"medicament\w*", r"pillen", r"ritalin\w*", r"concerta",
    r"methylfenidaat", r"insuline\w*", r"inhalator", r"puffer", r"epipen", r"antidepressiva",
    r"diagnose\w*", r"gediagnosticeerd", r"gediagnostiseerd", r"hartaanval", r"hersenbloeding",
    r"beroerte", r"longontsteking", r"hersenvliesontsteking", r"\w+ontsteking", r"corona", r"covid(?:-19)?",
    r"griep", r"waterpokken", r"mazelen", r"kinkhoest", r"hoofdluis", r"luizen", r"bedplassen",
    r"logopedi\w*", r"logopedist\w*", r"fysiotherap\w*", r"ergotherap\w*", r"revalid\w*",
    r"zwanger\w*", r"bevallen", r"bevalling", r"miskraam", r"zwangerschapsverlof", r"bevallingsverlof",
    r"ivf", r"onvruchtba\w*",
    # Pregnancy in the words people use for it.
    r"in\s+(?:blijde\s+)?verwachting", r"uitgerekend\s+(?:in|op|rond|begin|eind|half|medio)(?![\p{L}])", r"(?:een\s+)?(?:baby|kindje|tweeling)\s+op\s+komst",
    r"verwacht(?:en)?\s+(?:een|hun|haar|zijn)\s+(?:\w+\s+)?(?:baby|kindje|tweeling|zoon|dochter)",
    r"gezinsuitbreiding", r"moederschapsverlof", r"kraamverlof", r"kraamtijd",
    # Seizures and attacks: "astma-aanval", "epileptische aanval", "een insult", "koortsstuip".
    r"(?:astma|epilepsie|migraine|hyperventilatie|angst|paniek|hart|hypo|benauwdheids?|allergie|"
    r"suiker|koorts)-?aanval(?:len)?", r"epileptische\s+aanval(?:len)?", r"(?:epileptisch\w*\s+)?insult(?:en)?",
    r"\w*stuip(?:en)?", r"absences?", r"toeval(?:len)?\s+(?:gehad|kreeg|krijgt)", r"hypo", r"flauwgevallen",
    r"bewusteloos", r"allergische\s+reactie", r"anafylactische\s+shock", r"beterschap", r"snel\s+beter\w*",
    r"ziekteverlof",
    # Common conditions of children and adults (Dutch health sites' lists of conditions).
    r"bronchitis", r"taaislijmziekte", r"cystic\s+fibrosis", r"coeliakie", r"glutenallergie",
    r"lactose-?intolerant\w*", r"\w*reuma\w*", r"hartafwijking\w*", r"hartruis", r"hartritmestoornis\w*",
    r"ziekte\s+van\s+\w+", r"spierdystrofie", r"cerebrale\s+parese", r"spastisch\w*", r"spina\s+bifida",
    r"hydrocefalus", r"\w*tumor(?:en)?", r"dyspraxie", r"(?-i:TOS)", r"hoogsensitiev?\w*", r"faalangst\w*",
    r"selectief\s+mutisme", r"stotter\w*", r"obesitas", r"overgewicht", r"ondergewicht", r"tics",
    r"(?-i:GGZ|ggz)", r"jeugd-?ggz", r"kinderpsychiat\w*", r"kinderarts", r"jeugdarts", r"orthopedagoog",
    r"opgenomen\s+in\s+(?:een|de|het)\s+\w*(?:kliniek|ziekenhuis|instelling)", r"dyslexie\w*", r"dyscalculie\w*", r"hechtingsproblem\w*",
    r"gedragsproblem\w*", r"rouwverwerking", r"chronisch\s+ziek\w*", r"long\w*ziekte",
    r"nierziekte", r"leverziekte", r"gehoorverlies", r"brildragend", r"lui\s+oog", r"doofheid", r"blindheid",
]
RELIGION = [
    r"moslim\w*", r"islam\w*", r"christen\w*", r"christelijk\w*", r"katholiek\w*", r"rooms-katholiek\w*",
    r"protestant\w*", r"gereformeerd\w*", r"hervormd\w*", r"evangelisch\w*", r"jood", r"joden",
    r"joods\w*", r"hindoe\w*", r"hindoeïstisch\w*", r"boeddhist\w*", r"boeddhistisch\w*", r"sikh\w*",
    r"atheïst\w*", r"gelovig\w*", r"geloof", r"ramadan", r"vasten", r"suikerfeest", r"offerfeest",
    r"moskee", r"synagoge", r"tempel", r"hoofddoek\w*", r"keppel", r"doop", r"gedoopt",
    r"eerste\s+communie", r"communie", r"vormsel", r"belijdenis", r"bar\s+mitswa", r"bat\s+mitswa",
    r"jehova'?s\s+getuige\w*",
]
ETHNICITY = [
    r"etnisch\w*", r"etniciteit", r"afkomst", r"afkomstig\s+uit", r"ras", r"huidskleur", r"allochto\w*",
    r"autochto\w*", r"migratieachtergrond", r"vluchteling\w*", r"asielzoeker\w*", r"statushouder\w*",
    r"ongedocumenteerd\w*", r"illega(?:al|le)", r"roma", r"sinti", r"woonwagenbewoner\w*",
    r"marokkaan\w*", r"turks", r"turkse", r"surinaams\w*", r"antilliaan\w*", r"syriër\w*", r"syrisch\w*",
    r"eritreeër\w*", r"somaliër\w*", r"bulgaar\w*",
]
# Care and support around a child (school care structure, youth care): about a named
# child they are as sensitive as health data; as a topic ("informatieavond passend
# onderwijs") they are not.
CARE = [
    r"zorgtraject\w*", r"zorgleerling\w*", r"zorgbehoefte\w*", r"zorgroute", r"leerlingbegeleiding",
    r"ondersteuningsbehoefte\w*", r"ondersteuningsplan\w*", r"extra\s+ondersteuning", r"passend\s+onderwijs",
    r"speciaal\s+(?:basis)?onderwijs", r"(?-i:SBO|SO-school)", r"cluster\s+[1-4]", r"remedial\s+teach\w*",
    r"(?-i:RT)", r"schoolmaatschappelijk\s+werk\w*", r"(?-i:SMW)", r"wijkteam\w*", r"(?-i:CJG)",
    r"centrum\s+voor\s+jeugd\s+en\s+gezin", r"thuiszitt\w*", r"dyslexieverklaring\w*", r"doorverwijzing\w*",
    r"doorverwezen", r"ambulant\s+begeleider\w*", r"jeugdhulp\w*", r"jeugdreclassering", r"gezinsvoogd\w*",
    r"pleeggezin\w*", r"pleegzorg", r"pleegkind\w*", r"zorgsignaal\w*",
]
OTHER = [
    r"homo", r"homoseksu\w*", r"lesbisch\w*", r"lesbienne\w*", r"biseksu\w*", r"transgender\w*",
    r"transseksu\w*", r"non-binair\w*", r"queer", r"seksuele\s+geaardheid", r"geaardheid",
    r"vakbond\w*", r"politieke\s+voorkeur", r"strafblad", r"veroordeeld", r"gearresteerd",
    r"opgepakt", r"justitie", r"reclassering", r"jeugddetentie", r"taakstraf",
    r"vingerafdruk\w*",
]


class SpecialCategoryRecognizer(PatternRecognizer):
    """Recognize special-category words; the policy decides whether a person is near."""

    PATTERNS = [
        term_pattern("gezondheid", HEALTH, 0.7),
        term_pattern("religie", RELIGION, 0.6),
        term_pattern("afkomst", ETHNICITY, 0.6),
        term_pattern("geaardheid/strafrecht", OTHER, 0.6),
        term_pattern("zorg en ondersteuning", CARE, 0.6),
    ]
    CONTEXT: list[str] = []

    def __init__(self, patterns=None, context=None, supported_language: str = "nl",
                 supported_entity: str = "SPECIAL_CATEGORY", name: str | None = None):
        super().__init__(supported_entity=supported_entity, patterns=patterns or self.PATTERNS,
                         context=context or self.CONTEXT, supported_language=supported_language,
                         name=name or "SpecialCategoryRecognizer")
