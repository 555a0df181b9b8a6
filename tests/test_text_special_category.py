"""SPECIAL_CATEGORY: hits and near misses (recognizer: detectors/text/recognizers/special_category.py)."""
import pytest

from tests.text_support import found

CASES = [('Ayoub heeft ADHD', ['ADHD']), ('hersteld van je hartoperatie', ['hartoperatie']), ('formulier over zijn medicijngebruik', ['medicijngebruik']), ('vanwege haar zwangerschapsverlof', ['zwangerschapsverlof']), ('aandacht voor dyslexie', ['dyslexie']), ('Zij is moslim', ['moslim']), ('hij heeft diabetes', ['diabetes']), ('Please add this', []), ('Add een foto toe', []), ('De kerstmarkt was gezellig', []), ('inbreuk op de regels', []), ('Video-opname van de musical', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_special_category(text, expected):
    assert found(text, "SPECIAL_CATEGORY") == expected
