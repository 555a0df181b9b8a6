"""PERSON as a writer's initials under a piece (news and newsletter bylines)."""
import pytest

from tests.text_support import found

CASES = [
    ("De kermis begint in september. (GSC)", ["GSC"]),
    ("( KS )", ["KS"]),
    ("Het schoolplein is klaar!\n(PJB)\nVolgende week meer.", ["PJB"]),
    ("Tot volgende week.\nJS", ["JS"]),
    ("\"Dat was een mooie dag.\" (AB)", ["AB"]),
    # near misses
    ("Minister Bert Anciaux (VU) overweegt een verbod.", ["Bert Anciaux"]),
    ("Het nieuws kwam gisteren binnen. (ANP)", []),
    ("De gemeente (GGD) komt langs.", []),
    ("Ons kind heeft ADHD.\n(ADHD)", []),
    ("Les over ICT\nIT", []),
    ("Het lokaal van groep 8 (B12) is dicht.", []),
    ("Zie de bijlage (abc).", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_byline_initials(text, expected):
    assert found(text, "PERSON") == expected
