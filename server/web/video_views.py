"""What the self-check page shows of a checked video: a strip of frames, a timeline.

The strip holds each person's representative frame (small, inline, made from
the sampled frame in memory) with every face boxed that was judged on it; the
timeline has one row per person with the stretches they are on screen.
"""
from __future__ import annotations

import base64

from server.gate.labels import STATUS_LABELS, face_colour, time_ranges, track_line
from server.gate.video import HeldVideo
from detectors.video import clock

TIMELINE_WIDTH = 1000  # SVG units; the page scales it


def video_view(index: int, held: HeldVideo, verdict: dict) -> dict:
    summary = verdict["videos"][index]
    findings = [f for f in verdict["findings"] if f.get("video") == index]
    faces = [f for f in findings if f["kind"] == "face"]
    duration = max(summary["duration"], 0.01)
    frames = []
    for time in sorted({f["frame"] for f in faces}):
        still = held.stills.get(time)
        if still is None:
            continue
        frames.append({
            "time": clock(time), "seconds": time,
            "image": "data:image/jpeg;base64," + base64.b64encode(still.jpeg).decode("ascii"),
            "faces": [_face(f) for f in faces if f["frame"] == time],
        })
    rows = [{**_face(f), "bars": [{"x": round(start / duration * TIMELINE_WIDTH, 1),
                                   "width": round(max((end - start) / duration, 0.004) * TIMELINE_WIDTH, 1)}
                                  for start, end in f["ranges"]],
             "times": time_ranges(f["ranges"])} for f in faces]
    return {"index": index, "name": held.name, "summary": summary, "length": clock(summary["duration"]),
            "frames": frames, "rows": rows, "timeline_width": TIMELINE_WIDTH,
            # The strip shows frames ~280 px wide: boxes need a stroke that survives that.
            "stroke": max(4, round(max(summary["width"], summary["height"]) / 100)),
            "gps": summary["gps"]}


def _face(finding: dict) -> dict:
    label = track_line(finding)
    return {"box": finding["box"], "status": finding["status"], "colour": face_colour(finding["status"]),
            "label": label, "status_label": STATUS_LABELS[finding["status"]], "track": finding["track"],
            "message": finding["message"], "severity": finding["severity"]}
