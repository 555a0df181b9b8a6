"""NL_POSTCODE: hits and near misses (recognizer: detectors/text/recognizers/postcode.py)."""
import pytest

from tests.text_support import found

CASES = [('Kerkstraat 12, 3511 AB Utrecht', ['3511 AB']), ('postcode 1234AB', ['1234AB']), ('in 2016 en 2017', []), ('1234 ab', []), ('0123 AB', []), ('1234 SS', []), ('12345 AB', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_postcode(text, expected):
    assert found(text, "NL_POSTCODE") == expected
