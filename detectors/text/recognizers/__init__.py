"""Dutch recognizers for Presidio, one file each."""
from detectors.text.recognizers.address import NlAddressRecognizer
from detectors.text.recognizers.age import AgeRecognizer
from detectors.text.recognizers.birth_date import BirthDateRecognizer
from detectors.text.recognizers.byline import BylineInitialsRecognizer
from detectors.text.recognizers.confidential import ConfidentialRecognizer
from detectors.text.recognizers.email import EmailRecognizer
from detectors.text.recognizers.iban import IbanRecognizer
from detectors.text.recognizers.known_person import KnownPersonRecognizer
from detectors.text.recognizers.nl_bsn import NlBsnRecognizer
from detectors.text.recognizers.offensive import OffensiveRecognizer
from detectors.text.recognizers.phone import NlPhoneRecognizer
from detectors.text.recognizers.postcode import NlPostcodeRecognizer
from detectors.text.recognizers.special_category import SpecialCategoryRecognizer
from detectors.text.recognizers.unknown_person import UnknownPersonRecognizer

# Every pattern/list recognizer the analyzer loads, besides the consent-list one.
STATIC_RECOGNIZERS = (
    NlBsnRecognizer, IbanRecognizer, NlPhoneRecognizer, EmailRecognizer, NlPostcodeRecognizer,
    NlAddressRecognizer, BirthDateRecognizer, AgeRecognizer, SpecialCategoryRecognizer,
    ConfidentialRecognizer, OffensiveRecognizer, UnknownPersonRecognizer, BylineInitialsRecognizer,
)

__all__ = [c.__name__ for c in STATIC_RECOGNIZERS] + ["KnownPersonRecognizer", "STATIC_RECOGNIZERS"]
