"""Text detector: Dutch personal and sensitive data on Presidio, fully offline."""
from detectors.text.engine import MAX_TEXT_CHARS, TextAnalyzer
from detectors.text.types import KnownPerson, SchoolProfile, TextEntity, TextTooLong

__all__ = ["MAX_TEXT_CHARS", "KnownPerson", "SchoolProfile", "TextAnalyzer", "TextEntity", "TextTooLong"]
