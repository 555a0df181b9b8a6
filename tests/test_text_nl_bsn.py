"""NL_BSN: hits and near misses (recognizer: detectors/text/recognizers/nl_bsn.py)."""
import pytest

from tests.text_support import found

CASES = [('BSN: 162275869', ['162275869']), ('Het BSN van uw kind, bijvoorbeeld 192285142.', ['192285142']), ('bsn 1622.75.869 graag', ['1622.75.869']), ('BSN 162 275 869', ['162 275 869']), ('Nummer 111222334 is ongeldig', []), ('Bestelnummer schoolshirts: 123456789', []), ('Bestelnummer: 162275869', []), ('Totaal 1622758690 stuks', []), ('Opbrengst 162.275.869,50 euro', []), ('000000000', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_nl_bsn(text, expected):
    assert found(text, "NL_BSN") == expected
