"""One verdict for the faces of a video: each person one finding, with the times they are on screen.

Every segment (a face followed over consecutive samples) is judged on its own
best faces, with the photo rules (server.gate.gate): a face that could be a
child without valid consent blocks the segment; a segment counts as a
consented person only when at least two of its best faces (or its only one)
identify that person and none points at anyone else; everything else that is
recognisable is unknown. Segments are then joined: by person, and unknown ones
by embedding continuity (detectors.tracking.same_face), so one child is one
finding with all its time ranges. The video's verdict is its most severe finding.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path as FilePath

from detectors.tracking import Segment, same_face
from detectors.video import MAX_BYTES, MAX_SECONDS, VideoError
from detectors.video_faces import VideoFaces, analyze_video
from detectors.video_redact import Path
from server.gate import matching
from server.gate.policy import GPS_SEVERITY, SEVERITY_ORDER, PolicyError
from server.registry import Gallery

# Ranges of one person closer than this are one range (a blink of a cut-away).
JOIN_GAP = 1.0
NOT_BLURRED = ("consented", "not_recognisable")
MAX_VIDEOS = 10  # a carousel's worth
RULE_VIDEO_GPS = "Geen persoonsgegevens delen: de video bevat een GPS-locatie."


@dataclass
class VideoLimits:
    """What one video may be; a school may change them in policy.toml:
        [video]
        max_seconds = 180
        max_mb = 500
    """

    max_seconds: float = MAX_SECONDS
    max_bytes: int = MAX_BYTES


@dataclass
class HeldVideo:
    """What the safe copy of a checked video needs, in memory: the upload and what to blur."""

    data: bytes = field(repr=False)
    blur: list[Path]
    name: str
    stills: dict = field(default_factory=dict, repr=False)  # sample time -> Still, for the page


def load_video_limits(data_dir: FilePath) -> VideoLimits:
    path = data_dir / "policy.toml"
    if not path.is_file():
        return VideoLimits()
    try:
        section = tomllib.loads(path.read_text(encoding="utf-8")).get("video", {})
        return VideoLimits(float(section.get("max_seconds", MAX_SECONDS)),
                           int(float(section.get("max_mb", MAX_BYTES / 2**20)) * 2**20))
    except (tomllib.TOMLDecodeError, TypeError, ValueError) as error:
        raise PolicyError(f"policy.toml, [video]: {error}.") from None


def check_videos(gate, videos: list[tuple[str, bytes]], registry, channel: str, today,
                 severities: dict[str, str], gallery: Gallery
                 ) -> tuple[list[dict], list[dict], list[HeldVideo]]:
    """Summaries for the verdict's `videos`, findings, and what the safe copies need.

    Raises VideoError (Dutch) for a video the gate cannot judge.
    """
    if len(videos) > MAX_VIDEOS:
        raise VideoError(f"Te veel video's in één controle ({len(videos)}; maximaal {MAX_VIDEOS}).")
    limits = load_video_limits(gate.data_dir)
    summaries, findings, held = [], [], []
    for index, (name, data) in enumerate(videos):
        video = analyze_video(data, gate.faces, name, limits.max_seconds, limits.max_bytes)
        face_findings, blur = judge_video(gate, video, index, registry, channel, today, severities, gallery)
        findings += face_findings
        if video.info.gps:
            findings.append({"kind": "metadata", "severity": GPS_SEVERITY, "video": index, "entity": "GPS",
                             "rule": RULE_VIDEO_GPS, "message": "De video bevat een GPS-locatie; "
                             "de veilige kopie laat die weg."})
        info = video.info
        summaries.append({"index": index, "width": info.width, "height": info.height,
                          "duration": round(info.duration, 2), "fps": round(info.fps, 2),
                          "rotation": info.rotation, "audio": info.audio, "gps": info.gps,
                          "samples": video.samples, "faces": len(face_findings)})
        held.append(HeldVideo(data, blur, name, video.stills))
    return summaries, findings, held


@dataclass
class JudgedSegment:
    segment: Segment
    finding: dict  # as a photo face finding, for the segment's deciding face
    template: object = None  # the best template, for joining unknown segments


def judge_video(gate, video: VideoFaces, index: int, registry, channel: str, today,
                severities: dict[str, str], gallery) -> tuple[list[dict], list[Path]]:
    """Findings (one per person or unknown face) and the paths to blur in the safe copy."""
    judged = [_judge_segment(gate, s, index, registry, channel, today, severities, gallery)
              for s in video.segments]
    findings, blur = [], []
    for group in _group(judged):
        finding = _joined(group, video.info.duration)
        findings.append(finding)
        if finding["status"] not in NOT_BLURRED:
            blur += [Path([(s.time, s.box) for s in j.segment.sightings]) for j in group]
    findings.sort(key=lambda f: (-SEVERITY_ORDER[f["severity"]], f["ranges"][0][0]))
    for number, finding in enumerate(findings):
        finding["track"] = number
    return findings, blur


def _judge_segment(gate, segment: Segment, index, registry, channel, today, severities,
                   gallery) -> JudgedSegment:
    faces = [s.face for s in segment.best if s.face.template is not None]
    if not faces:
        # No face of the segment had a chip: none was recognisable.
        finding = gate._judge_face(segment.sightings[0].face, matching.NOBODY, index, registry, channel, today,
                                   severities)
        return JudgedSegment(segment, _at(finding, segment, segment.sightings[0].time))
    per_face = [gate._judge_face(f, matching.judge(f.templates, gallery), index, registry, channel, today,
                                 severities)
                for f in faces]
    times = [s.time for s in segment.best if s.face.template is not None]
    worst = max(range(len(per_face)), key=lambda i: SEVERITY_ORDER[per_face[i]["severity"]])
    if per_face[worst]["status"] not in ("consented", "unknown"):
        return JudgedSegment(segment, _at(per_face[worst], segment, times[worst]), faces[worst].template)
    people = {f["person"]["id"] for f in per_face if f["status"] == "consented"}
    agreeing = sum(f["status"] == "consented" for f in per_face)
    if len(people) == 1 and agreeing >= min(2, len(per_face)):
        best = next(i for i, f in enumerate(per_face) if f["status"] == "consented")
        return JudgedSegment(segment, _at(per_face[best], segment, times[best]), faces[best].template)
    unknown = next((f for f in per_face if f["status"] == "unknown"), per_face[0])
    if unknown["status"] != "unknown":  # frames name different people: not sure who it is
        unknown = {**gate._judge_face(faces[0], matching.NOBODY, index, registry, channel, today, severities)}
        unknown["status"], unknown["severity"] = "unknown", severities["unknown"]
    return JudgedSegment(segment, _at(unknown, segment, times[0]), faces[0].template)


def _at(finding: dict, segment: Segment, time: float) -> dict:
    """The finding placed on the frame at `time` (its box is that frame's)."""
    box = next(s.box for s in segment.sightings if s.time == time)
    index = finding["image"]
    finding = {k: v for k, v in finding.items() if k != "image"}
    return {**finding, "video": index, "frame": round(time, 2), "box": list(box)}


def _group(judged: list[JudgedSegment]) -> list[list[JudgedSegment]]:
    """One group per person; unknown segments joined by embedding continuity."""
    groups: list[list[JudgedSegment]] = []
    by_person: dict[str, list[JudgedSegment]] = {}
    for item in judged:
        person = item.finding.get("person")
        if person is not None:
            if person["id"] not in by_person:
                by_person[person["id"]] = []
                groups.append(by_person[person["id"]])
            by_person[person["id"]].append(item)
        elif item.finding["status"] == "unknown" and item.template is not None:
            home = next((g for g in groups if g[0].finding["status"] == "unknown"
                         and any(same_face(item.template, other.template) for other in g)), None)
            if home is None:
                groups.append([item])
            else:
                home.append(item)
        else:
            groups.append([item])
    return groups


def _joined(group: list[JudgedSegment], duration: float) -> dict:
    """The group's finding: its most severe segment's, with every time range."""
    deciding = max(group, key=lambda j: SEVERITY_ORDER[j.finding["severity"]])
    spans = sorted((j.segment.start, j.segment.end) for j in group)
    ranges: list[list[float]] = []
    for start, end in spans:
        if ranges and start - ranges[-1][1] <= JOIN_GAP:
            ranges[-1][1] = max(ranges[-1][1], end)
        else:
            ranges.append([start, end])
    return {**deciding.finding, "ranges": [[round(s, 2), round(min(e, duration), 2)] for s, e in ranges],
            "segments": len(group)}

