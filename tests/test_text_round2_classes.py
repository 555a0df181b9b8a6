"""The nine classes of caption errors of issue 12, one parametrized test each, with the
whole demo consent list loaded (Anja, Kees and Marieke are staff; Roos, Sem, Mila and
Bram are pupils whose first names are also words)."""
import pytest

from server.gate.policy import most_severe
from tests.text_support import demo_analyzer, demo_findings


def persons(text: str) -> list[tuple[str, str | None]]:
    return [(e.text, e.person_id) for e in demo_analyzer().analyze(text) if e.entity == "PERSON"]


def found(text: str, entity: str) -> list[str]:
    return [e.text for e in demo_analyzer().analyze(text) if e.entity == entity]


# 1. Surnames with a particle that are also Dutch words.
@pytest.mark.parametrize("text, name", [
    ("Vandaag kwam de Jong ons helpen met de moestuin.", "de Jong"),
    ("Mevrouw de Vries-Bos leest voor in groep 2.", "de Vries-Bos"),
    ("Het werkstuk van Thomas van den Berg won.", "Thomas van den Berg"),
    ("We kregen bezoek van Wim van der Linden uit Zwolle.", "Wim van der Linden"),
    ("Gisteren hielp van der Meer bij de fietscontrole.", "van der Meer"),
    ("Dank aan ter Horst voor de bloemen.", "ter Horst"),
    ("Rutger van den Broek speelt in het schoolorkest.", "Rutger van den Broek"),
    ("Ons nieuwe teamlid is meester Jeroen de Bruin.", "Jeroen de Bruin"),
])
def test_particle_surnames(text, name):
    assert name in [p for p, _ in persons(text)]


@pytest.mark.parametrize("text", [
    "De burgemeester van Utrecht opende de nieuwe gymzaal.",
    "We liepen langs de Grote Markt naar de Sint-Janskerk.",
    "Een excursie naar het Huis ten Bosch en de Tweede Kamer.",
])
def test_particles_before_places_are_no_names(text):
    assert persons(text) == []


# 2. Staff after a title are the staff member; a different first or surname is someone else.
@pytest.mark.parametrize("text, expected", [
    ("Juf Marieke zoekt hulpouders voor het schoolreisje.", [("Marieke", "M003")]),
    ("meester kees speelt gitaar bij de opening.", [("kees", "M002")]),
    ("Mevrouw Willems is vandaag jarig.", [("Willems", "M001")]),
    ("Juf Emma van groep 1 gaat met verlof.", [("Emma", None)]),
    ("Meester Daan Vermeulen geeft vandaag gym.", [("Daan Vermeulen", None)]),
    ("Gisteren zagen we Mila Jacobs bij de bakker.", [("Mila Jacobs", None)]),
    ("Jan Bakker is de opa van iemand uit groep 7.", [("Jan Bakker", None)]),
])
def test_titles_and_whole_names(text, expected):
    assert persons(text) == expected


def test_staff_after_a_title_is_allowed():
    assert most_severe(demo_findings("Juf Anja gaat met pensioen.")) == "allow"
    assert most_severe(demo_findings("Meester Kees Jansen gaat met pensioen.")) == "warn"


# 3. Names on no list from the Netherlands' population.
@pytest.mark.parametrize("text, name", [
    ("Gefeliciteerd Ravi Ramsaran met je diploma!", "Ravi Ramsaran"),
    ("Soufiane El Khattabi scoorde twee keer.", "Soufiane El Khattabi"),
    ("Op het podium stond Büşra Yıldız.", "Büşra Yıldız"),
    ("Piotr Kamiński hielp met de verhuizing.", "Piotr Kamiński"),
    ("Shurandy Martha won de dictee-wedstrijd.", "Shurandy Martha"),
    ("Vandaag speelden Sem, Lieke en Sophie samen.", "Lieke"),
    ("Met hulp van Tim en Max is alles opgeruimd.", "Max"),
    ("Bel Floor gerust als je vragen hebt.", "Floor"),
    ("Gisteren is Fleur geopereerd aan haar knie.", "Fleur"),
    ("Stuur een appje naar Nicole als je mee wilt.", "Nicole"),
    ("Dank aan J.P. de Graaf voor de foto's.", "de Graaf"),
    ("Marie-Claire en Jan-Peter zongen het slotlied.", "Marie-Claire"),
])
def test_names_on_no_list(text, name):
    assert any(name in p for p, _ in persons(text))


# 4. Consent-list first names in lower case where a name stands.
@pytest.mark.parametrize("text, names", [
    ("hoi bram, je werkstuk hangt in de hal!", ["bram"]),
    ("bedankt sem en roos voor het opruimen", ["sem", "roos"]),
    ("een dikke pluim voor mila uit groep 3", ["mila"]),
    ("roos, mila en bram hebben de quiz gewonnen", ["roos", "mila", "bram"]),
])
def test_lower_case_consent_names(text, names):
    assert [p for p, pid in persons(text) if pid] == names


@pytest.mark.parametrize("text", [
    "We plantten een roos en een braam in de schooltuin.",
    "De sem-toets is voor groep 8.",
    "Een mooie rode roos voor juf.",
])
def test_lower_case_words_are_no_pupils(text):
    assert [pid for _, pid in persons(text) if pid and pid.startswith("L")] == []


# 5. Brands, events, streets and greetings are no persons.
@pytest.mark.parametrize("text", [
    "De fruitbakken komen van Albert Heijn en Lidl.",
    "Kaartjes voor Walibi en Duinrell zijn uitverkocht.",
    "Ons huis staat aan de Prins Bernhardlaan.",
    "Ramadan Kareem aan iedereen die vast!",
    "Happy Holi van groep 4!",
    "De Kinderboekenweek begint woensdag.",
])
def test_brands_events_streets_greetings(text):
    assert persons(text) == []


# 6. Insults: whole words with inflections; an innocent reading needs a target.
@pytest.mark.parametrize("text, hits", [
    ("Hoera, hoezee, het is vakantie!", []),
    ("We negeren het geroep van de overkant.", []),
    ("De apen en ezels op de kinderboerderij waren lief.", []),
    ("Bij de herfsttafel liggen eikels en beukennootjes.", []),
    ("Wat zijn jullie een stelletje sukkeltjes.", ["sukkeltjes"]),
    ("Hou je bek, klojo!", ["Hou je bek", "klojo"]),
    ("Jij bent een aap.", ["aap"]),
    ("Die kankerhoer moet weg.", ["kankerhoer"]),
])
def test_insults(text, hits):
    assert found(text, "OFFENSIVE") == hits


# 7. Ages: limits are nobody's age; brackets and ordinal birthdays are.
@pytest.mark.parametrize("text, hits", [
    ("De speeltuin is voor kinderen tot 12 jaar.", []),
    ("Zwemles voor kinderen vanaf 5 jaar.", []),
    ("Geschikt voor 6-10 jaar.", []),
    ("Lotte (7 jaar) schreef een gedicht.", ["7 jaar"]),
    ("Meester Kees (64) gaat met pensioen.", ["64"]),
    ("Roos vierde haar negende verjaardag.", ["negende"]),
    ("Fenna, 7 jaar, won de voorleeswedstrijd.", ["7 jaar"]),
    ("We waren met 30 kinderen, 7 jaar, en het was leuk.", []),
    ("Finn is vandaag 8 jaar geworden!", ["8 jaar"]),
])
def test_ages(text, hits):
    assert found(text, "AGE") == hits


# 8. Special-category and care words tied to the person named in the sentence.
@pytest.mark.parametrize("text", [
    "Noah is thuis vanwege een migraineaanval.",
    "Julia, die in een zorgtraject zit, krijgt een eigen plek.",
    "Luuk (leerlingbegeleiding) komt later.",
    "Juf Anja is zwanger van haar derde kindje.",
    "Bram is er niet i.v.m. zijn diabetes.",
    "Nora is aangemeld bij Veilig Thuis.",
    "Finn kreeg gisteren een koortsstuip.",
    "Kim is helaas ziek, dus de les vervalt.",
    "Joep heeft dyslexie en krijgt extra tijd.",
    "Wij wensen Bas veel beterschap na zijn val.",
])
def test_sensitive_words_about_a_named_person_block(text):
    assert most_severe(demo_findings(text)) == "block"


@pytest.mark.parametrize("text", [
    "Week van de astma: we leren wat een inhalator doet.",
    "Informatieavond over dyslexie en dyscalculie.",
    "Informatieavond over passend onderwijs en leerlingbegeleiding.",
])
def test_sensitive_words_without_a_person_are_allowed(text):
    assert most_severe(demo_findings(text)) == "allow"


# 9. Phone numbers with spaces around the dash.
@pytest.mark.parametrize("text, hits", [
    ("Bel 020 - 555 12 34.", ["020 - 555 12 34"]),
    ("Tel: 010 - 1234567", ["010 - 1234567"]),
    ("Mobiel 06 - 98 76 54 32", ["06 - 98 76 54 32"]),
    ("Uitslag groep 7 - groep 8: 3 - 2", []),
])
def test_phone_with_spaced_dash(text, hits):
    assert found(text, "PHONE_NUMBER") == hits
