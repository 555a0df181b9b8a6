"""BIRTH_DATE: hits and near misses (recognizer: detectors/text/recognizers/birth_date.py)."""
import pytest

from tests.text_support import found

CASES = [('geboren op 3 maart 2015', ['3 maart 2015']), ('Op 14 maart 2016 werd Emma geboren', ['14 maart 2016']), ('Geboortedatum: 14-03-2018', ['14-03-2018']), ('Geboren: Tim, op 3 februari!', ['3 februari']), ('geb. 3-3-2015', ['3-3-2015']), ('De fotograaf komt op 12 mei langs.', []), ('Vanaf maandag 7 april gelden de zomertijden.', []), ('Op 3 maart is de ouderavond. Wie is er geboren in maart?', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_birth_date(text, expected):
    assert found(text, "BIRTH_DATE") == expected
