"""Text policy: entities to findings, per DESIGN.md's default decisions."""
import json

import pytest

from server.gate.policy import most_severe as decide
from server.gate.text_policy import text_findings
from tests.text_support import DATA, DEMO, analyzer


def check(text, account="school"):
    return text_findings(text, analyzer().analyze(text), account, "OBS De Zonnebloem")


CASES = [
    ("Daan Bakker heeft ADHD.", "block"),
    ("Het BSN is 162275869.", "block"),
    ("Onze leerling Daan is terug. Fijn dat je hersteld bent van je hartoperatie!", "block"),
    ("VERTROUWELIJK: notulen", "block"),
    ("Sanne de Vries is geschorst.", "block"),
    ("Er wordt iemand geschorst als dit doorgaat.", "warn"),
    ("Daan heeft de wedstrijd gewonnen.", "warn"),
    ("Bel 06-12345678.", "warn"),
    ("Wat een sukkels!", "warn"),
    ("Meester Kees Brouwer gaat met pensioen.", "allow"),
    ("Aandacht voor dyslexie in groep 6.", "allow"),
    ("Mail info@obsdezonnebloem.nl of bel 030-1234567.", "allow"),
    ("Wat een mooie dag!", "allow"),
    ("", "allow"),
]


@pytest.mark.parametrize("text, decision", CASES)
def test_decision(text, decision):
    assert decide(check(text)) == decision


def test_finding_shape_and_dutch_message():
    (f,) = check("Bel 06-12345678.")
    assert {k: f[k] for k in ("kind", "severity", "entity", "start", "end", "text")} == {
        "kind": "text", "severity": "warn", "entity": "PHONE_NUMBER", "start": 4, "end": 15,
        "text": "06-12345678"}
    assert f["rule"] and "Telefoonnummer" in f["message"]


def test_person_finding_names_the_person():
    (f,) = check("Daan Bakker won.")
    assert f["person"] == {"id": "L1002", "name": "Daan Bakker"}


def test_special_category_without_person_is_reported_as_allow():
    (f,) = check("Aandacht voor dyslexie.")
    assert f["severity"] == "allow" and f["entity"] == "SPECIAL_CATEGORY"


@pytest.mark.parametrize("text, decision", [
    ("Wat een chaos vandaag bij ons op school, de directie heeft het verprutst.", "warn"),
    ("Ik werk bij De Zonnebloem en deel dit op persoonlijke titel: wat een studiedag!", "allow"),
    ("Mooi weer vandaag in het park.", "allow"),
])
def test_personal_account_title_rule(text, decision):
    findings = check(text, account="personal")
    assert decide(findings) == decision
    if decision == "warn":
        assert findings[-1]["entity"] == "PERSONAL_TITLE"
        assert (findings[-1]["start"], findings[-1]["end"]) == (0, len(text))


def test_dev_posts_decisions():
    """The dev set's expected decisions (the bench prints the same figure)."""
    posts = [json.loads(line) for line in (DATA / "text" / "school_posts_dev.jsonl").open(encoding="utf-8")]
    wrong = [p["id"] for p in posts if decide(check(p["text"], p["account"])) != p["expect"]]
    assert len(wrong) <= len(posts) * 0.05, wrong


def test_school_profile_from_toml():
    from detectors.text import SchoolProfile
    school = SchoolProfile.from_toml(DEMO / "school.toml")
    assert school.contact_emails == ("info@obsdezonnebloem.nl",)
    assert SchoolProfile.from_toml(DEMO / "does-not-exist.toml") == SchoolProfile()
