"""Posts written for the second round of the caption check (issue 12), one per line in
tests/data/text_posts_round2.jsonl: names with particles, staff after a title, names on
no list, lower-case names, brands and greetings, insults, ages, sensitive words linked to
a name, phone numbers.  Each must get exactly the decision the policy table asks for."""
import json
from pathlib import Path

import pytest

from server.gate.policy import most_severe
from tests.text_support import demo_findings

POSTS = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "text_posts_round2.jsonl").open(encoding="utf-8")]


def _found(findings: list[dict], entity: str, text: str) -> bool:
    return any(f["entity"] == entity and f["text"] == text for f in findings)


@pytest.mark.parametrize("post", POSTS, ids=[p["id"] for p in POSTS])
def test_post(post):
    findings = demo_findings(post["text"], post["account"])
    assert most_severe(findings) == post["expect"], findings
    for entity, text in post["entities"]:
        assert _found(findings, entity, text), (entity, text, findings)
    for entity, text in post["absent"]:
        assert not any(f["entity"] == entity and text in f["text"] for f in findings), (entity, text, findings)


def test_there_are_at_least_40_posts():
    assert len(POSTS) >= 40
