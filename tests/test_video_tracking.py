"""Following faces between whole-frame searches (detectors/tracking.py with the changed-part
search of detectors/video_detection.py): a face is never lost while the photo pipeline
would still see it. No model is loaded: faces are boxes, the detector is a stand-in."""
from __future__ import annotations

import numpy as np

from detectors.centerface import Detection
from detectors.faces import Face
from detectors.tracking import Tracker
from detectors.video_detection import _in_region, _regions, kept_in

SIZE = (1920, 1080)


def face(x: int, y: int, w: int, h: int) -> Face:
    return Face(box=(x, y, w, h), score=0.9, recognisable=False)


def test_a_face_in_front_of_a_bigger_followed_face_keeps_its_own_track():
    # The bench clip lost Daan at 1:10: he stood in front of a pupil's big face, and his
    # box, found in the changed part, was taken for a part of hers (an eye, a mouth).
    tracker = Tracker()
    pupil, daan = face(1221, 464, 334, 463), face(1495, 523, 103, 137)
    tracker.update(70.0, [pupil, daan], size=SIZE)
    region = (1312, 288, 1728, 704)
    moved = face(1466, 523, 101, 137)
    assert not tracker.doubtful(70.5, [moved])
    tracker.update(70.5, [moved], searched=[region], size=SIZE)
    tracker.update(71.0, [face(1440, 523, 101, 137)], searched=[region], size=SIZE)
    daans = [s for s in tracker.segments if s.sightings[0].box == daan.box]
    assert [round(s.time, 1) for s in daans[0].sightings] == [70.0, 70.5, 71.0]
    assert not daans[0].sightings[-1].carried
    assert len(tracker.segments) == 2  # the pupil is carried, not lost or doubled


def test_a_new_box_inside_a_followed_face_needs_a_whole_frame_search():
    tracker = Tracker()
    tracker.update(10.0, [face(1000, 300, 400, 500)], size=SIZE)
    mouth = face(1150, 600, 100, 90)
    assert tracker.doubtful(10.5, [mouth])
    assert not tracker.doubtful(10.5, [face(200, 300, 100, 120)])


def test_a_face_not_found_is_carried_unless_a_search_had_room_to_find_it():
    tracker = Tracker()
    still = face(300, 263, 130, 150)
    tracker.update(22.5, [still], size=SIZE)
    # The changed part ends just above the face: a search there cannot see the whole face.
    tracker.update(23.0, [], searched=[(128, 224, 1312, 800)], size=SIZE, shift=(-4.0, 0.0))
    segment = tracker.segments[0]
    assert segment.sightings[-1].carried and segment.sightings[-1].time == 23.0
    assert segment.sightings[-1].box == (296, 263, 130, 150)
    # Deep inside a searched part, not finding it means it has gone.
    tracker.update(23.5, [], searched=[(0, 0, 1000, 800)], size=SIZE)
    assert segment.end == 23.0


def test_only_a_face_seen_on_the_previous_sample_is_carried():
    tracker = Tracker()
    tracker.update(0.0, [face(100, 100, 80, 100)], size=SIZE)
    tracker.update(0.5, [], size=SIZE)  # a whole-frame search did not find it: gone (or turned)
    tracker.update(1.0, [], searched=[(1500, 0, 1920, 400)], size=SIZE)
    assert tracker.segments[0].end == 0.0


class StandIn:
    """Finds the faces it is given wherever they lie wholly in what it is shown."""

    def __init__(self, faces: list[tuple[int, int, int, int]]) -> None:
        self.faces, self.shown = faces, []

    def detect(self, crop: np.ndarray, side: int, threshold: float) -> list[Detection]:
        r, g, b = (int(v) for v in crop[0, 0])  # where the crop starts (see frame())
        x0, y0 = r + 256 * (b // 16), g + 256 * (b % 16)
        self.shown.append((x0, y0, x0 + crop.shape[1], y0 + crop.shape[0]))
        return [Detection(box=(x1 - x0, y1 - y0, x2 - x0, y2 - y0), landmarks=np.zeros((5, 2)), score=0.9)
                for x1, y1, x2, y2 in self.faces
                if x1 >= x0 and y1 >= y0 and x2 <= x0 + crop.shape[1] and y2 <= y0 + crop.shape[0]]


def frame() -> np.ndarray:
    """Pixels that say where they are, so the stand-in knows its crop."""
    y, x = np.mgrid[0:SIZE[1], 0:SIZE[0]]
    return np.stack([x % 256, y % 256, (x // 256) * 16 + y // 256], axis=2).astype(np.uint8)


def test_a_face_bigger_than_what_changed_is_searched_again_with_room():
    big = (48, 360, 200, 568)  # a face uncovered only in part by a picture moving away
    detector = StandIn([big])
    # the region's left edge cuts the frame at x=40; the first search only sees it cut
    found = _in_region(detector, frame(), (40, 352, 800, 832), 0.5)
    assert [tuple(round(v) for v in d.box) for d in found] == [big]
    assert len(detector.shown) == 2
    assert kept_in(big, detector.shown[1], SIZE)


def test_changes_far_apart_are_searched_as_separate_parts_of_useful_size():
    cells = np.zeros((34, 60), dtype=bool)
    cells[5, 5] = cells[20, 40:45] = True
    regions = _regions(cells, *SIZE)
    assert len(regions) == 2
    for x1, y1, x2, y2 in regions:
        assert x2 - x1 >= 0.25 * 1080 and y2 - y1 >= 0.25 * 1080
    assert sum((r[2] - r[0]) * (r[3] - r[1]) for r in regions) < 0.15 * SIZE[0] * SIZE[1]
