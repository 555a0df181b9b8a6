"""NL_ADDRESS: hits and near misses (recognizer: detectors/text/recognizers/address.py)."""
import pytest

from tests.text_support import found

CASES = [('Hij woont aan de Lindenlaan 45 en', ['Lindenlaan 45']), ('Dorpsweg 3a', ['Dorpsweg 3a']), ('Laan van Meerdervoort 12-2', ['Laan van Meerdervoort 12-2']), ('Burgemeester de Withstraat 45 bis.', ['Burgemeester de Withstraat 45 bis']), ('Oude Kerkstraat 3-A', ['Oude Kerkstraat 3-A']), ('De bibliotheek in de Hoogstraat is dicht.', []), ('Groep 8 haalde 12 punten', []), ('Zomerkamp 2024 was top', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_address(text, expected):
    assert found(text, "NL_ADDRESS") == expected
