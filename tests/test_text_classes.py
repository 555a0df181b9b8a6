"""Issue 12's nine classes of caption errors, written afresh (tests/data/text_posts_classes.jsonl:
posts of our own, none copied from the issue), plus a first name that is a word standing
after its verb ("Vandaag is Merel jarig").  Each class is one parametrized test: the post
gets exactly the decision of the policy table, with the findings a user would look for and
without the ones that would be wrong."""
import json
from pathlib import Path

import pytest

from server.gate.policy import most_severe
from tests.text_support import demo_findings

POSTS = [json.loads(line) for line in
         (Path(__file__).parent / "data" / "text_posts_classes.jsonl").open(encoding="utf-8")]


def posts_of(cls: int) -> list:
    return [pytest.param(p, id=p["id"]) for p in POSTS if p["class"] == cls]


def check(post: dict) -> None:
    findings = demo_findings(post["text"], post["account"])
    assert most_severe(findings) == post["expect"], findings
    for entity, text in post["entities"]:
        assert any(f["entity"] == entity and f["text"] == text for f in findings), (entity, text, findings)
    for entity, text in post["absent"]:
        assert not any(f["entity"] == entity and text in f["text"] for f in findings), (entity, text, findings)


@pytest.mark.parametrize("post", posts_of(1))
def test_1_particle_surnames_that_are_words(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(2))
def test_2_staff_after_a_title_and_whole_names(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(3))
def test_3_names_on_no_list(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(4))
def test_4_lower_case_consent_names(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(5))
def test_5_brands_events_streets_greetings(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(6))
def test_6_insults(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(7))
def test_7_ages(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(8))
def test_8_sensitive_words_linked_to_a_person(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(9))
def test_9_phone_numbers_with_spaced_dashes(post):
    check(post)


@pytest.mark.parametrize("post", posts_of(10))
def test_first_names_that_are_words_after_the_verb(post):
    check(post)


def test_at_least_40_posts_and_every_class():
    assert len(POSTS) >= 40
    assert {p["class"] for p in POSTS} == set(range(1, 11))
