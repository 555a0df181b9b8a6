"""Follow faces from one sampled frame to the next.

A *segment* is one face seen on consecutive samples, linked by box overlap
(IoU) with the box moved by its last motion. A segment never links across a
scene cut, and a face that is lost for longer than MAX_GAP starts a new
segment. Each segment is judged on its own best faces, so a wrong link can
never hide a child behind someone else's consent; segments are joined into
one person afterwards (by who they are, or for unknown faces by embedding
continuity, see `same_face`).

How short a segment may be: one sample. A face seen on a single sampled frame
(0.5 s at 2 samples a second, or a scene cut) is a child that a viewer can
pause on, so it is judged like a face in a photo; nothing is dropped for being
short. What is shorter than the sampling interval can fall between samples.

Between whole-frame searches only the changed parts of a frame are searched
(detectors.video_detection); a face outside them is *carried*: its box moves
with the camera's pan, and it is never one of the segment's best faces (those
are real detections).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detectors.face_boxes import _inside, iou
from detectors.faces import Face
from detectors.video_detection import EDGE_ROOM, kept_in

LINK_IOU = 0.3
MAX_GAP = 1.5  # seconds a face may be missed (turned, occluded) and stay one segment
BEST_FACES = 3  # faces kept per segment for identification
# Two unknown segments are one person when their templates are this close
# (dlib distance; the same face across frames of one video is typically < 0.3).
SAME_FACE = 0.40
CARRY_ROOM = 2 * EDGE_ROOM  # face heights from a searched region's edges within which a lost face is gone


@dataclass
class Sighting:
    time: float
    box: tuple[int, int, int, int]  # x, y, w, h in the upright frame
    face: Face = field(repr=False)
    carried: bool = False  # not searched on this sample: the last box moved with the pan


@dataclass
class Segment:
    """One face followed over consecutive samples."""

    id: int
    sightings: list[Sighting] = field(default_factory=list)
    best: list[Sighting] = field(default_factory=list)  # recognisable, best first
    velocity: tuple[float, float] = (0.0, 0.0)  # box centre, pixels per second

    @property
    def start(self) -> float:
        return self.sightings[0].time

    @property
    def end(self) -> float:
        return self.sightings[-1].time

    def predicted(self, time: float) -> tuple[float, float, float, float]:
        """The last box moved on by the segment's motion, as x1, y1, x2, y2."""
        x, y, w, h = self.sightings[-1].box
        dt = time - self.end
        x += self.velocity[0] * dt
        y += self.velocity[1] * dt
        return (x, y, x + w, y + h)

    def add(self, sighting: Sighting) -> bool:
        """Append a sighting; True when it is now one of the best faces (it then needs its chip)."""
        if self.sightings:
            last = self.sightings[-1]
            dt = sighting.time - last.time
            if dt > 0:
                self.velocity = ((sighting.box[0] - last.box[0]) / dt, (sighting.box[1] - last.box[1]) / dt)
        self.sightings.append(sighting)
        if sighting.carried or not sighting.face.recognisable:
            return False
        self.best.append(sighting)
        self.best.sort(key=lambda s: quality(s.face), reverse=True)
        for dropped in self.best[BEST_FACES:]:
            dropped.face.chip = dropped.face.crop = None  # chips are the memory of a long video
        del self.best[BEST_FACES:]
        return sighting in self.best

    def forget(self, sighting: Sighting) -> None:
        """A best face that turned out not recognisable (no detail in its chip)."""
        self.best.remove(sighting)


def quality(face: Face) -> float:
    """How well a face can be identified: large, frontal and sharp enough.

    Frontal = the nose midway between the eyes (a turned head moves it towards
    one eye); size counts up to 120 px, beyond which dlib's chip gains nothing.
    """
    size = min(face.box[3], 120) / 120
    frontal = 1.0
    if face.landmarks is not None:
        left, right, nose = face.landmarks[0], face.landmarks[1], face.landmarks[2]
        eyes = float(np.linalg.norm(right - left)) or 1.0
        offset = abs(float(nose[0] - (left[0] + right[0]) / 2)) / eyes
        frontal = max(0.0, 1.0 - 2 * offset)
    return size * (0.3 + 0.7 * frontal) * (0.5 + 0.5 * face.score)


class Tracker:
    """Feed sampled frames in time order; `segments` holds every face followed."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self._active: list[Segment] = []
        self._seen_last: set[int] = set()  # segments with a sighting on the previous sample

    def update(self, time: float, faces: list[Face], scene_cut: bool = False,
               searched: list[tuple[int, int, int, int]] | None = None,
               shift: tuple[float, float] = (0.0, 0.0),
               size: tuple[int, int] = (0, 0)) -> list[tuple[Segment, Sighting]]:
        """Link this sample's faces to the segments; `searched` are the regions
        (x1, y1, x2, y2) the faces were looked for in (None: the whole frame) of a
        frame of `size` (width, height), and a face followed outside them is carried
        with the camera's `shift`. Returns the sightings that became one of their
        segment's best faces."""
        if scene_cut:
            self._active = []
        self._active = [s for s in self._active if time - s.end <= MAX_GAP]
        pairs = sorted(
            ((iou(s.predicted(time), _corners(f.box)), si, fi)
             for si, s in enumerate(self._active) for fi, f in enumerate(faces)),
            reverse=True,
        )
        best: list[tuple[Segment, Sighting]] = []
        taken_segments: set[int] = set()
        taken_faces: set[int] = set()
        for overlap, si, fi in pairs:
            if overlap < LINK_IOU:
                break
            if si in taken_segments or fi in taken_faces:
                continue
            best += self._add(self._active[si], Sighting(time, faces[fi].box, faces[fi]))
            taken_segments.add(si)
            taken_faces.add(fi)
        if searched is not None:
            for si, segment in enumerate(self._active):
                last = segment.sightings[-1]
                x, y, w, h = last.box
                box = (int(round(x + shift[0])), int(round(y + shift[1])), w, h)
                # Only a face on the previous sample is carried: one a whole-frame search
                # did not find again has gone (or turned away) and is not followed blind.
                # Deep inside a searched region (where a search keeps what it finds, with room
                # for the jitter of boxes), not finding it means it went.
                if (si not in taken_segments and segment.id in self._seen_last
                        and not any(kept_in(_corners(box), r, size, CARRY_ROOM) for r in searched)):
                    segment.add(Sighting(time, box, last.face, carried=True))
        for fi, face in enumerate(faces):
            if fi not in taken_faces:
                segment = Segment(id=len(self.segments))
                best += self._add(segment, Sighting(time, face.box, face))
                self.segments.append(segment)
                self._active.append(segment)
        self._seen_last = {s.id for s in self._active if s.end == time}
        return best

    def doubtful(self, time: float, faces: list[Face]) -> bool:
        """Whether a face found in a changed part of a frame may be a part of a face
        followed there (a mouth or an eye seen as a face through a small region), or a
        new face in front of it: one that links to no followed face and lies mostly
        inside one. Only a search of the whole frame tells them apart."""
        for face in faces:
            box = _corners(face.box)
            predicted = [s.predicted(time) for s in self._active]
            if (all(iou(p, box) < LINK_IOU for p in predicted)
                    and any(_inside(box, p) >= 0.6 for p in predicted)):
                return True
        return False

    @staticmethod
    def _add(segment: Segment, sighting: Sighting) -> list[tuple[Segment, Sighting]]:
        return [(segment, sighting)] if segment.add(sighting) else []


def _corners(box: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
    x, y, w, h = box
    return (x, y, x + w, y + h)


def same_face(a: np.ndarray, b: np.ndarray) -> bool:
    """Embedding continuity: two templates of one face in one video."""
    return float(np.linalg.norm(a - b)) <= SAME_FACE
