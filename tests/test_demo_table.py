"""The table "What the default policy must decide" in ../shared/data/README.md, exactly."""
from __future__ import annotations

import pytest

from server.gate.gate import Draft, Gate
from tests.conftest import KNN, OPENFACE, TODAY

TABLE = [
    # photo, channel, decision, {person id: status}, unknown faces at least
    (KNN / "test/obama1.jpg", "allow", {"L1001": "consented"}),
    (KNN / "test/obama_and_biden.jpg", "block", {"L1001": "consented", "L1002": "no_consent"}),
    (KNN / "test/johnsnow_test1.jpg", "block", {"L1003": "expired"}),
    (KNN / "test/kit_with_rose.jpg", "block", {"L1003": "expired", "L1004": "needs_own_consent"}),
    (KNN / "test/alex_lacamoire1.jpg", "warn", {}),
    (OPENFACE / "lennon-2.jpg", "allow", {"M002": "consented"}),
    (OPENFACE / "carell.jpg", "warn", {}),
]


def check(gate: Gate, registry, photo, channel="social_media") -> dict:
    draft = Draft(images=[(photo.name, photo.read_bytes())], channel=channel)
    return gate.check(draft, registry, TODAY, source="test").verdict


@pytest.fixture
def gate(data_dir, faces) -> Gate:
    return Gate(data_dir, faces)


@pytest.mark.parametrize("photo, decision, people", TABLE, ids=[t[0].name for t in TABLE])
def test_social_media_decision(gate, registry, photo, decision, people):
    verdict = check(gate, registry, photo)
    assert verdict["decision"] == decision
    found = {f["person"]["id"]: f["status"] for f in verdict["findings"] if "person" in f}
    assert found == people
    if decision == "warn":
        assert any(f["status"] == "unknown" for f in verdict["findings"])


def test_unknown_face_is_never_a_silent_allow(gate, registry):
    verdict = check(gate, registry, OPENFACE / "carell.jpg")
    face = next(f for f in verdict["findings"] if f["kind"] == "face")
    assert face["status"] == "unknown" and face["severity"] == "warn"


# On the website Daan Bakker (L1002) has consent, so only the third, unknown face
# in obama_and_biden.jpg is left: a warning. The others decide as on social media.
WEBSITE = {"obama_and_biden.jpg": "warn"}


@pytest.mark.parametrize("photo, decision", [(t[0], t[1]) for t in TABLE], ids=[t[0].name for t in TABLE])
def test_website_decisions(gate, registry, photo, decision):
    verdict = check(gate, registry, photo, "website")
    assert verdict["decision"] == WEBSITE.get(photo.name, decision)
    if photo.name in WEBSITE:
        statuses = {f.get("person", {}).get("id"): f["status"] for f in verdict["findings"]}
        assert statuses["L1002"] == "consented"


def test_consent_is_per_channel(gate, registry, faces):
    """Emma van den Berg (L1005): social media ja, website nee."""
    from server.registry.enrol import enrol_one

    result = enrol_one(2, "L1005", KNN / "train/alex_lacamoire/img1.jpg", registry, faces)
    assert not result.error
    photo = KNN / "test/alex_lacamoire1.jpg"
    social = check(gate, registry, photo, "social_media")
    website = check(gate, registry, photo, "website")
    assert [f["status"] for f in social["findings"] if f["kind"] == "face"] == ["consented"]
    assert [f["status"] for f in website["findings"] if f["kind"] == "face"] == ["no_consent"]
    assert website["decision"] == "block"
    assert "website" in website["findings"][0]["message"]
