"""PERSON not on any list: name lists (Faker, MIT) and name shape."""
import pytest

from tests.text_support import found

CASES = [
    ("Bedankt Henk de Jong voor het repareren!", ["Henk de Jong"]),
    ("Juf Fatma is er niet.", ["Fatma"]),
    ("Geboren: Tim, zoontje van juf Anja", ["Tim", "Anja"]),
    ("Minister Dewael zei dat", ["Dewael"]),
    ("Dr. Veer zegt dat het goed gaat", ["Veer"]),
    ("Dat vond J. Peeters ook", ["J. Peeters"]),
    ("Jan Ullrich voert het klassement aan", ["Jan Ullrich"]),
    ("\" Prima \" , zegt Wijnants .", ["Wijnants"]),
    ("Lucas Barrichello won de race", ["Lucas Barrichello"]),
    ("Nog erger is dat de UBS-baas Marcel Ospel bestuurder is.", ["Marcel Ospel"]),
    ("Dat zei Bayern-doelman Oliver Kahn gisteren.", ["Oliver Kahn"]),
    ("Het is aan minister van Verkeer Isabelle Durant om te beslissen.", ["Isabelle Durant"]),
    ("Minister van Landbouw en KMO Jaak Gabriëls zei het.", ["Jaak Gabriëls"]),
    ("Volgens Albert Nyathi & Imbongi was het feest.", ["Albert Nyathi"]),
    ("Het werk is af. (ABx)", ["ABx"]),
    ("Namens de ouderraad,\nLinda Zomer", ["Linda Zomer"]),
    ("Tot volgende week!\nPeter-Jan Bogaert", ["Peter-Jan Bogaert"]),
    # near misses
    ("Agenda\nVrijdag Sportdag", []),
    ("Reizen\nSierra Leone", []),
    ("Uitslagen\nGrote Prijs", []),
    ("Analisten van KBC Securities zijn sceptisch.", []),
    ("Het bod van BNP Paribas is hoger.", []),
    ("Het bod komt van Carlton Communications.", []),
    ("Ze verkopen aan Forbes & Hauspie.", []),
    ("De wedstrijd tegen Leeds United is zaterdag.", []),
    ("Morgen speelt Racing Genk thuis.", []),
    ("Vera Dua (Agalev) tekende het besluit.", ["Vera Dua"]),
    ("Het Sint-Jansziekenhuis is erkend.", []),
    ("Dit zegt de Eenheidscommissie.", []),
    ("De Bayern-doelman was geblesseerd.", []),
    ("Het filmfestival van Los Angeles begint.", []),
    ("Na Camp David volgde nieuw overleg.", []),
    ("Ook in Sierra Leone woeden branden.", []),
    ("De reis gaat naar New York en La Palma.", []),
    ("Karnataka kreeg gisteren veel regen.", []),
    ("De schoolreis gaat naar Artis in Amsterdam.", []),
    ("Ouderraad De Zonnebloem", []),
    ("Minister van Buitenlandse Zaken", []),
    ("Groep 8 is op kamp op Ameland.", []),
    ("De Ronde van Frankrijk start", []),
    ("Wat een mooie sportdag vandaag!", []),
    ("Bij de Duitse BND werken", []),
    # A title ends the sentence: the next capitalised word opens a new one.
    ("Bezoek van de burgemeester. Vragen? Bel de school.", []),
    ("Dank aan de juf. Morgen is er gym.", []),
    ("Mevr. Jansen geeft les.", ["Jansen"]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_unknown_person(text, expected):
    assert found(text, "PERSON") == expected
