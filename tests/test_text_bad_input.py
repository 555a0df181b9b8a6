"""Bad input for the text analyzer: empty, too long, control characters, emoji, mixed scripts."""
import pytest

from detectors.text import MAX_TEXT_CHARS, TextTooLong
from tests.text_support import analyzer


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_empty_text_has_no_entities(text):
    assert analyzer().analyze(text) == []


def test_100000_characters_refused_with_dutch_message():
    with pytest.raises(TextTooLong) as err:
        analyzer().analyze("a" * 100_000)
    message = str(err.value)
    assert "te lang" in message and "100.000" in message and f"{MAX_TEXT_CHARS:,}".replace(",", ".") in message


def test_long_newsletter_passes():
    text = ("Beste ouders, de kinderen van groep 5 hebben deze week hard gewerkt aan hun project. " * 250)[:20_000]
    assert analyzer().analyze(text) == []


def test_control_characters_keep_offsets():
    text = "Bel\x00 06-12345678\x07 of \x1b[31mmail a@b.nl\u200b"
    ents = analyzer().analyze(text)
    assert [(e.entity, text[e.start:e.end]) for e in ents] == [
        ("PHONE_NUMBER", "06-12345678"), ("EMAIL_ADDRESS", "a@b.nl")]


def test_emoji_and_mixed_scripts():
    text = "🎉 Gefeliciteerd Zoë Peters 🎂! Привет, مرحبا, 你好 — bel 06-12345678 👍"
    got = [(e.entity, e.text) for e in analyzer().analyze(text)]
    assert got == [("PERSON", "Zoë Peters"), ("PHONE_NUMBER", "06-12345678")]
    for e in analyzer().analyze(text):
        assert text[e.start:e.end] == e.text


def test_decomposed_diacritics():
    text = "Welkom Zoe\u0308 Peters"
    (e,) = analyzer().analyze(text)
    assert e.person_id == "L1014" and e.text == "Zoe\u0308 Peters"


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        analyzer().analyze(None)  # type: ignore[arg-type]
