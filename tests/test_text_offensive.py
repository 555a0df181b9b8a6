"""OFFENSIVE: hits and near misses (recognizer: detectors/text/recognizers/offensive.py)."""
import pytest

from tests.text_support import found

CASES = [('Wat een stelletje sukkels', ['sukkels']), ('Jij bent een idioot', ['idioot']), ('ik maak je af', ['ik maak je af']), ('We weten waar je woont', ['We weten waar je woont']), ('kankerlijer', ['kankerlijer']), ('We zagen de apen in Artis', []), ('Het werk afmaken voor vrijdag', []), ('bedreigde diersoorten', []), ('Hij heeft kanker', [])]


@pytest.mark.parametrize("text, expected", CASES)
def test_offensive(text, expected):
    assert found(text, "OFFENSIVE") == expected
