"""IBAN_CODE: hits and near misses (recognizer: detectors/text/recognizers/iban.py)."""
import pytest

from tests.text_support import found

CASES = [('Maak over op NL91 ABNA 0417 1643 00 t.n.v. de ouderraad', ['NL91 ABNA 0417 1643 00']), ('iban nl91abna0417164300.', ['nl91abna0417164300']), ('Rekening BE71 0961 2345 6769', ['BE71 0961 2345 6769']), ('DE89 3704 0044 0532 0130 00', ['DE89 3704 0044 0532 0130 00']), ('NL92 ABNA 0417 1643 00', []), ('NL91 ABNA 0417 1643', []), ('Code AB12 CDEF 1234', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_iban(text, expected):
    assert found(text, "IBAN_CODE") == expected
