"""AGE: hits and near misses (recognizer: detectors/text/recognizers/age.py)."""
import pytest

from tests.text_support import found

CASES = [('Sanne, vandaag 8 jaar geworden!', ['8 jaar']), ('Tess is vandaag 10 jaar geworden', ['10 jaar']), ('Daan wordt 12!', ['12']), ('een 10-jarige leerling', ['10-jarige']), ('een meisje van acht jaar oud', ['acht jaar oud']), ('Kees gaat na 40 jaar met pensioen', []), ('We bestaan al 50 jaar', []), ('Het is 3 jaar geleden', []), ('Dit jaar gaan we naar Artis', []), ('Groep 8 wordt 12 minuten later opgehaald', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_age(text, expected):
    assert found(text, "AGE") == expected
