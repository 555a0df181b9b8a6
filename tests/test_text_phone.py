"""PHONE_NUMBER: hits and near misses (recognizer: detectors/text/recognizers/phone.py)."""
import pytest

from tests.text_support import found

CASES = [('Bel 06-12345678.', ['06-12345678']), ('Kun je me terugbellen? 0612345678', ['0612345678']), ('Mijn nummer is +31 6 98765432, bel gerust', ['+31 6 98765432']), ('+31(0)20 123 4567', ['+31(0)20 123 4567']), ('Tel. 020-1234567', ['020-1234567']), ('(030) 765 43 21', ['(030) 765 43 21']), ('0031 6 12 34 56 78', ['0031 6 12 34 56 78']), ('Om 8:30 uur', []), ('Opbrengst: €1.250 voor KiKa.', []), ('geboren 01-03-2010', []), ('BSN 162275869', []), ('code 12345', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_phone(text, expected):
    assert found(text, "PHONE_NUMBER") == expected
