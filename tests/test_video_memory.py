"""A video and what its analysis holds fit the process's memory budget, or it is refused
in Dutch before any frame is decoded; a big upload holds its bytes there until its check ends."""
from __future__ import annotations

import pytest

from detectors import working_memory
from detectors.video import VideoError, VideoInfo
from detectors.video_faces import analysis_bytes, frames_ahead, searches_beside

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def laptop_budget(monkeypatch):
    """A laptop's budget, whatever a school-server app made of this process's before."""
    monkeypatch.setattr(working_memory, "_process_budget", working_memory.Budget(working_memory.BUDGET_BYTES))


def info(width: int, height: int) -> VideoInfo:
    return VideoInfo(width, height, 60.0, 30.0, 0, True, False, "mp4")


def test_a_1080p_video_up_to_the_default_limit_is_checked_with_fewer_searches_when_big():
    hd = info(1920, 1080)
    assert searches_beside(100 * MB, hd, frames_ahead(1920, 1080), "a.mp4") == 2
    assert searches_beside(500 * MB, hd, frames_ahead(1920, 1080), "a.mp4") == 1
    assert 500 * MB + analysis_bytes(hd, frames_ahead(1920, 1080), 1) <= working_memory.budget().total


def test_a_4k_video_too_big_for_the_budget_is_refused_with_what_would_fit():
    uhd = info(3840, 2160)
    ahead = frames_ahead(3840, 2160)
    most = working_memory.budget().total - analysis_bytes(uhd, ahead, 1)
    assert searches_beside(most, uhd, ahead, "a.mp4") == 1
    with pytest.raises(VideoError) as refused:
        searches_beside(most + MB, uhd, ahead, "feest.mp4")
    message = str(refused.value)
    assert message.startswith("feest.mp4: deze video (3840×2160") and f"tot {most // MB} MB" in message


def test_the_copy_of_a_video_is_capped_in_bitrate_so_its_size_is_known_before_it_is_made():
    from detectors.video_redact import copy_bytes, max_kbps

    assert max_kbps(1920, 1080, 30.0) == 9953  # about the 10 Mbit/s the platforms recommend for 1080p
    three_minutes = VideoInfo(1920, 1080, 180.0, 30.0, 0, True, False, "mp4")
    assert 200 * MB < copy_bytes(three_minutes) < 400 * MB  # the copy (~230 MB), and its work
    # A 3-minute 1080p video of up to ~250 MB gets its copy made on a laptop; a bigger one is refused.
    assert 250 * MB + copy_bytes(three_minutes) <= working_memory.budget().total

