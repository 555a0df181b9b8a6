"""Videos the tests make themselves come out as the policy says, and so do their safe copies.

Demo school, social media, 2026-11-21: Sanne (L1001) has consent, Daan (L1002)
has not, Kees (M002, staff) has. Videos are 960x540 (a phone portrait: 540x960)
and a few seconds long, so the whole file runs in well under a minute.
"""
from __future__ import annotations

import io

import av
import pytest

from detectors.video import VideoError
from detectors.video_redact import safe_video
from server.gate.gate import Draft, Gate
from tests.conftest import TODAY
from tests.video_support import DAAN, KEES, SANNE, Appearance, make_video, phone_metadata, tags

SIZE = (960, 540)


@pytest.fixture(scope="module")
def daan_enters() -> bytes:
    """Sanne throughout; Daan walks in at 1.5 s and is gone at 2.5 s."""
    return make_video([Appearance(SANNE, 0, 4, (0.25, 0.5), (0.3, 0.5)),
                       Appearance(DAAN, 1.5, 2.5, (0.78, 0.45), height=0.3)], 4, SIZE)


@pytest.fixture(scope="module")
def kees_turns_away() -> bytes:
    """Sanne throughout; Kees faces the camera, turns away from 2 s and is a back of a head at the end."""
    return make_video([Appearance(SANNE, 0, 4, (0.25, 0.5)),
                       Appearance(KEES, 0, 4, (0.72, 0.5), turn_from=2.0)], 4, SIZE)


@pytest.fixture(scope="module")
def phone_mov() -> bytes:
    """An iPhone held upright: landscape frames in a MOV, a -90 degree display matrix, GPS, device."""
    return make_video([Appearance(SANNE, 0, 3, (0.5, 0.45), height=0.25)], 3, (540, 960), container="mov",
                      rotation=-90, metadata=phone_metadata())


@pytest.fixture(scope="module")
def phone_hevc() -> bytes:
    """An iPhone's default: HEVC in a MOV, held upright (display matrix), GPS; Daan walks in for a second."""
    return make_video([Appearance(SANNE, 0, 3, (0.35, 0.3), height=0.2),
                       Appearance(DAAN, 1.0, 2.0, (0.6, 0.7), height=0.2)], 3, (540, 960), container="mov",
                      codec="libx265", rotation=-90, metadata=phone_metadata())


def check(data_dir, registry, faces, *videos: bytes, channel: str = "social_media"):
    gate = Gate(data_dir, faces)
    draft = Draft(videos=[(f"video{i}.mp4", v) for i, v in enumerate(videos)], channel=channel)
    return gate.check(draft, registry, TODAY, source="test")


def people(verdict: dict) -> dict[str, str]:
    return {f["person"]["id"]: f["status"] for f in verdict["findings"] if "person" in f}


def test_a_child_without_consent_for_one_second_blocks_the_video(data_dir, registry, faces, daan_enters):
    verdict = check(data_dir, registry, faces, daan_enters).verdict
    assert verdict["decision"] == "block"
    assert people(verdict) == {"L1001": "consented", "L1002": "no_consent"}
    face_findings = [f for f in verdict["findings"] if f["kind"] == "face"]
    assert len(face_findings) == 2  # one child, one finding
    daan = next(f for f in face_findings if f.get("person", {}).get("id") == "L1002")
    assert daan["severity"] == "block" and daan["video"] == 0
    [(start, end)] = daan["ranges"]
    assert 1.4 <= start <= 2.0 and 1.9 <= end <= 2.6
    assert start <= daan["frame"] <= end
    x, y, w, h = daan["box"]
    assert x > SIZE[0] / 2 and w > 40  # on the right of the frame, where Daan stands
    sanne = next(f for f in face_findings if f.get("person", {}).get("id") == "L1001")
    assert sanne["ranges"][0][0] == 0 and sanne["ranges"][-1][1] >= 3.4
    assert verdict["videos"] == [{"index": 0, "width": 960, "height": 540, "duration": 4.0, "fps": 25.0,
                                  "rotation": 0, "audio": True, "gps": False,
                                  "samples": verdict["videos"][0]["samples"], "faces": 2}]


def test_a_face_turning_away_stays_one_consented_person(data_dir, registry, faces, kees_turns_away):
    verdict = check(data_dir, registry, faces, kees_turns_away).verdict
    assert verdict["decision"] == "allow", verdict["findings"]
    assert people(verdict) == {"L1001": "consented", "M002": "consented"}
    assert [f["status"] for f in verdict["findings"]] == ["consented", "consented"]


def test_a_phone_video_is_judged_upright_and_its_gps_warns(data_dir, registry, faces, phone_mov):
    verdict = check(data_dir, registry, faces, phone_mov).verdict
    summary = verdict["videos"][0]
    assert (summary["width"], summary["height"], summary["rotation"]) == (540, 960, 270)
    assert summary["gps"] is True and summary["audio"] is True
    assert people(verdict) == {"L1001": "consented"}
    assert verdict["decision"] == "warn"
    assert [f["entity"] for f in verdict["findings"] if f["kind"] == "metadata"] == ["GPS"]
    x, y, w, h = next(f["box"] for f in verdict["findings"] if f["kind"] == "face")
    assert 0 <= x and x + w <= 540 and 0 <= y and y + h <= 960 and h > w * 0.9  # an upright face


def test_the_safe_copy_has_no_blocked_child_keeps_the_sound_and_drops_metadata(
        data_dir, registry, faces, daan_enters):
    judged = check(data_dir, registry, faces, daan_enters)
    held = judged.videos[0]
    copy = safe_video(held.data, held.blur)
    again = check(data_dir, registry, faces, copy).verdict
    assert not [f for f in again["findings"] if f["severity"] == "block"], again["findings"]
    assert people(again) == {"L1001": "consented"}  # Sanne is not blurred
    assert again["videos"][0]["audio"] is True
    assert abs(again["videos"][0]["duration"] - 4.0) < 0.2


def test_the_safe_copy_of_a_phone_video_has_no_place_device_or_time(phone_mov):
    assert {"location", "make", "model", "creation_time"} <= set(tags(phone_mov))
    copy = safe_video(phone_mov, [])
    assert not {k for k in tags(copy) if any(w in k for w in ("location", "make", "model", "creation_time"))}


def test_a_phone_hevc_video_blocks_and_its_safe_copy_is_upright_without_the_blocked_child(
        data_dir, registry, faces, phone_hevc):
    with av.open(io.BytesIO(phone_hevc)) as container:
        assert container.streams.video[0].codec_context.name == "hevc"
    judged = check(data_dir, registry, faces, phone_hevc)
    verdict = judged.verdict
    assert (verdict["videos"][0]["width"], verdict["videos"][0]["height"]) == (540, 960)
    assert people(verdict) == {"L1001": "consented", "L1002": "no_consent"}
    assert verdict["decision"] == "block"
    daan = next(f for f in verdict["findings"] if f.get("person", {}).get("id") == "L1002")
    assert daan["ranges"][0][0] >= 0.9 and daan["ranges"][-1][1] <= 2.1
    x, y, w, h = daan["box"]
    assert y > 960 / 2 and h > w * 0.9  # low in the upright frame, an upright face
    held = judged.videos[0]
    copy = safe_video(held.data, held.blur)
    again = check(data_dir, registry, faces, copy).verdict
    assert (again["videos"][0]["width"], again["videos"][0]["height"], again["videos"][0]["rotation"]) == (540, 960, 0)
    assert people(again) == {"L1001": "consented"}
    assert not [f for f in again["findings"] if f["severity"] == "block"], again["findings"]
    assert not again["videos"][0]["gps"]


@pytest.mark.parametrize("policy, message", [
    ("[video]\nmax_seconds = 2\n", "de video duurt 0:04; maximaal 0:02"),
    ("[video]\nmax_mb = 0.01\n", "de video is groter dan 0.01 MB"),
], ids=["seconds", "megabytes"])
def test_the_school_sets_the_limits(data_dir, registry, faces, daan_enters, policy, message):
    (data_dir / "policy.toml").write_text(policy, encoding="utf-8")
    with pytest.raises(VideoError, match=message):
        check(data_dir, registry, faces, daan_enters)


@pytest.mark.parametrize("data", [b"", b"geen video" * 100, b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500],
                         ids=["empty", "text", "broken-mp4"])
def test_what_is_no_video_is_a_clear_error(data_dir, registry, faces, data):
    with pytest.raises(VideoError, match="video0.mp4: "):
        check(data_dir, registry, faces, data)
