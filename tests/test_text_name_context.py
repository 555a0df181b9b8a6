"""What the words around a capitalised word say about it (name_context.py and the judging in
unknown_person.py): sentences of our own, for names on no list."""
import pytest

from tests.text_support import found


@pytest.mark.parametrize("text, absent", [
    ("Tijdens de excursie zagen we de Franse stad Rijsel en de rivier Deûle.", "Rijsel"),
    ("Het computerspel Minecraft gebruiken we bij rekenen.", "Minecraft"),
    ("Het bericht stond in de krant Tubantia.", "Tubantia"),
    ("Op Radio Veronica hoorden we ons schoollied.", "Veronica"),
    ("In de klas wonen kinderen van veel landen; de Surinamers vierden Keti Koti.", "Surinamers"),
    ("Alle Molukkers in de wijk waren uitgenodigd.", "Molukkers"),
    ("We zongen ' Vrolijke Vrienden ' bij de opening.", "Vrolijke Vrienden"),
    ("Groep 8 doet mee aan Kidsweek 2027.", "Kidsweek"),
    ("Schoolnieuws: Rekenwonder opent nieuwe leerlijn", "Rekenwonder"),
    ("Sponsors: Bakkerij Veldkamp, Rabobank en KPN.", "Rabobank"),
    ("We bezochten het Natuurpunt in Grobbendonk.", "Grobbendonk"),
    ("De kinderen bouwden een Legostad met Duplo.", "Legostad"),
])
def test_things_around_a_capitalised_word_make_it_no_person(text, absent):
    assert not any(absent in name for name in found(text, "PERSON"))


@pytest.mark.parametrize("text, name", [
    ("Vanmiddag is Luca jarig.", "Luca"),
    ("Van der Zande opende de tentoonstelling.", "Van der Zande"),
    ("Wat een mooie tekening van Okafor!", "Okafor"),
    ("Hartelijk dank aan van Veen voor de hulp.", "van Veen"),
    ("Welkom, Bogdanović!", "Bogdanović"),
    ("Onze stagiaire Ngozi helpt in groep 3.", "Ngozi"),
    ("Gisteren zei Tjon-A-Fat dat het goed ging.", "Tjon-A-Fat"),
    ("Uitslag: Okafor 9 punten, Lindqvist 7 punten.", "Lindqvist"),
    ("Vandaag werd Osei geopereerd aan zijn knie.", "Osei"),
])
def test_names_stay_names(text, name):
    assert name in found(text, "PERSON")
