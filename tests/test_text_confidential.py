"""CONFIDENTIAL: hits and near misses (recognizer: detectors/text/recognizers/confidential.py)."""
import pytest

from tests.text_support import found

CASES = [('VERTROUWELIJK: notulen', ['VERTROUWELIJK']), ('Het leerlingdossier van Nora', ['leerlingdossier']), ('Sem is geschorst', ['geschorst']), ('Hij is verwijderd van school', ['verwijderd van school']), ('het zorgdossier', ['zorgdossier']), ('Dit is nog een geheim', []), ('Iedereen vertrouwt de juf', []), ('De schorsingen van het hek', ['schorsingen'])]


@pytest.mark.parametrize("text, expected", CASES)
def test_confidential(text, expected):
    assert found(text, "CONFIDENTIAL") == expected
