"""EMAIL_ADDRESS: hits and near misses (recognizer: detectors/text/recognizers/email.py)."""
import pytest

from tests.text_support import found

CASES = [('Mail kees.brouwer@gmail.com.', ['kees.brouwer@gmail.com']), ('Naar ouderraad.zonnebloem@outlook.com!', ['ouderraad.zonnebloem@outlook.com']), ('JAN+school@Example.NL', ['JAN+school@Example.NL']), ('zoë@voorbeeld.nl', ['zoë@voorbeeld.nl']), ('Volg ons @zonnebloem', []), ('naam at school punt nl', []), ('a@b', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_email(text, expected):
    assert found(text, "EMAIL_ADDRESS") == expected
