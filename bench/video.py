"""How fast and how lean a video check is, and what the video's face finder misses.

Makes 1080p30 clips (H.264 + AAC, with sensor grain so the encoder spends a
phone's bitrate) from ../shared/data: a crowded school photo as a slowly panning
background, demo pupils walking in and out, one turning away. They are cached
in the system's temporary directory, never in the repo. Then, each in a fresh
process so its peak memory is its own:

1. a whole gate check (demo school) of a 1-minute clip: seconds per minute of video;
2. the same for a 3-minute clip: peak memory (the service process and, apart,
   its template workers);
3. recall per sampled frame: the faces the photo pipeline finds on a sampled
   frame (FaceAnalyzer.find at its defaults) that the video pipeline has on the
   same frame (found by a whole-frame or changed-part search, or followed there
   by the tracker; detectors/video_detection.py), IoU >= 0.3.

Timings are wall-clock seconds of one check in a fresh process; run it on a machine with
nothing else busy, or the figures measure the other work too.

    .venv/bin/python bench/video.py [speed] [memory] [copy] [recall] [--minutes 1] [--long-minutes 3]
                                    [--recall-frames 40]

Sections (all when none is named): speed = 1., memory = 2., copy = the safe copy of the
1-minute clip (timed after its check), recall = 3.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scan import demo_data_dir  # noqa: E402
from tests.video_support import CROWD, DAAN, KEES, SANNE, Appearance, make_video  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "poortwachter-bench-video"
BACKGROUND = CROWD / "29_Students_Schoolkids_Students_Schoolkids_29_21.jpg"
SIZE = (1920, 1080)
SECTIONS = ("speed", "memory", "copy", "recall")


def scene(seconds: float) -> list[Appearance]:
    """Every minute: Sanne throughout, Daan twice briefly, Kees for a while, turning away."""
    appearances = []
    for start in range(0, int(seconds), 60):
        end = min(start + 60, seconds)
        appearances += [
            Appearance(SANNE, start, end, (0.2, 0.55), (0.35, 0.5), height=0.3),
            Appearance(DAAN, start + 10, start + 12, (0.8, 0.45), (0.75, 0.45), height=0.25),
            Appearance(DAAN, start + 40, start + 40.5, (0.7, 0.6), height=0.2),
            Appearance(KEES, start + 20, min(start + 35, end), (0.55, 0.4), (0.6, 0.45), height=0.28,
                       turn_from=start + 30),
        ]
    return appearances


def clip(minutes: float, size: tuple[int, int] = SIZE) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"clip-{minutes:g}min-{size[1]}p.mp4"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".part")
        with open(partial, "wb") as target:
            make_video(scene(minutes * 60), minutes * 60, size, fps=30, back_source=BACKGROUND,
                       preset="ultrafast", grain=5.0, target=target)
        partial.rename(path)
        print(f"  (made {path.name} in {time.perf_counter() - started:.0f} s)", flush=True)
    return path


def child_check(video: str, data_dir: str, safe_copy: str) -> None:
    """In a fresh process: one gate check of the video; prints JSON figures."""
    import datetime as dt

    from detectors.faces import FaceAnalyzer
    from server.gate.gate import Draft, Gate
    from server.registry import Registry

    data = Path(video).read_bytes()
    faces = FaceAnalyzer()
    gate = Gate(Path(data_dir), faces)
    registry = Registry(Path(data_dir) / "registry.sqlite3")
    gate.faces.analyze(__import__("numpy").zeros((64, 64, 3), dtype="uint8"))
    faces.warm_workers()
    started, cpu, own = time.perf_counter(), _cpu(), _cpu(children=False)
    judged = gate.check(Draft(videos=[(Path(video).name, data)]), registry, dt.date(2026, 11, 21), "bench")
    seconds = time.perf_counter() - started
    cpu_main = _cpu(children=False) - own
    verdict = judged.verdict
    faces.close()  # the template workers end, so their CPU time and peak memory are counted
    cpu = _cpu() - cpu
    copy_seconds = None
    if safe_copy == "yes":
        from detectors.video_redact import safe_video

        held = judged.videos[0]
        started = time.perf_counter()
        safe_video(held.data, held.blur)
        copy_seconds = time.perf_counter() - started
    lines = [f"{f.get('person', {}).get('name', f['status'])} {f['status']} {f['ranges']}"
             for f in verdict["findings"] if f["kind"] == "face" and f["status"] != "not_recognisable"]
    print(json.dumps({
        "seconds": seconds, "cpu": cpu, "cpu_main": cpu_main, "decision": verdict["decision"],
        "duration": verdict["videos"][0]["duration"], "samples": verdict["videos"][0]["samples"],
        "tracks": len([f for f in verdict["findings"] if f["kind"] == "face"]), "people": lines,
        "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "bytes_mb": len(data) / 2**20, "safe_copy_s": copy_seconds,
    }))


def _cpu(children: bool = True) -> float:
    """CPU seconds of this process and (unless told not) its finished children (the template workers)."""
    own, ended = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + (ended.ru_utime + ended.ru_stime if children else 0.0)


def child_recall(video: str, frames: int) -> None:
    """In a fresh process: photo pipeline vs video pipeline on the same sampled frames."""
    from detectors.face_boxes import iou as _iou
    from detectors.faces import MIN_RECOGNISABLE_HEIGHT, FaceAnalyzer
    from detectors.video import SAMPLES_PER_SECOND as per_second, samples
    from detectors.video_faces import analyze_video

    analyzer = FaceAnalyzer(workers=1)
    data = Path(video).read_bytes()
    started = time.perf_counter()
    video_faces = analyze_video(data, analyzer)
    video_time = time.perf_counter() - started
    on_sample: dict[float, list] = {}
    for segment in video_faces.segments:
        for s in segment.sightings:
            x, y, w, h = s.box
            on_sample.setdefault(round(s.time, 2), []).append((x, y, x + w, y + h))
    photo_total = photo_found = small_total = small_found = extra = taken = 0
    photo_time = 0.0
    missed: list[tuple[tuple, float]] = []  # (box, since when) of the faces missed on the last sample
    longest = (0, 0.0, ())  # samples in a row on which one face of the photo pipeline was missed, from when, where
    for sample in samples(data):
        if taken == frames:
            break
        taken += 1
        t0 = time.perf_counter()
        photo = analyzer.find(sample.pixels)
        photo_time += time.perf_counter() - t0
        corners = on_sample.get(round(sample.time, 2), [])
        still_missed = []
        for face in photo:
            box = (face.box[0], face.box[1], face.box[0] + face.box[2], face.box[1] + face.box[3])
            hit = any(_iou(box, c) >= 0.3 for c in corners)
            if face.box[3] >= MIN_RECOGNISABLE_HEIGHT:
                photo_total, photo_found = photo_total + 1, photo_found + hit
            else:
                small_total, small_found = small_total + 1, small_found + hit
            if not hit:  # the same face missed on the previous sample too: one miss goes on
                since = next((t for b, t in missed if _iou(box, b) >= 0.3), sample.time)
                still_missed.append((box, since))
                runs = round((sample.time - since) * per_second) + 1
                longest = max(longest, (runs, since, box))
        missed = still_missed
        photo_corners = [(f.box[0], f.box[1], f.box[0] + f.box[2], f.box[1] + f.box[3]) for f in photo]
        extra += sum(all(_iou(c, p) < 0.3 for p in photo_corners) for c in corners)
    analyzer.close()
    print(json.dumps({"frames": taken, "photo_faces": photo_total, "found": photo_found,
                      "small_faces": small_total, "small_found": small_found, "extra": extra,
                      "photo_s": photo_time / max(taken, 1), "longest_miss": longest,
                      "video_s": video_time / max(video_faces.samples, 1)}))


def in_child(*args: str) -> dict:
    output = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True,
                            cwd=ROOT).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sections", nargs="*", metavar="section", help=f"any of {', '.join(SECTIONS)}")
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--long-minutes", type=float, default=3.0)
    parser.add_argument("--recall-frames", type=int, default=40)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[0] == "check":
            child_check(*args.child[1:])
        else:
            child_recall(args.child[1], int(args.child[2]))
        return
    print(f"Video bench, 2-core machine shared with other work (load average {os.getloadavg()[0]:.1f}): "
          "figures are noisy.", flush=True)
    sections = set(args.sections or SECTIONS)
    if sections - set(SECTIONS):
        parser.error(f"unknown section(s): {', '.join(sorted(sections - set(SECTIONS)))}")
    short = clip(args.minutes)
    checks = [short] if sections & {"speed", "copy"} else []
    if "memory" in sections:
        checks.append(clip(args.long_minutes))
    with tempfile.TemporaryDirectory() as directory:
        demo_data_dir(Path(directory))
        for path in checks:
            figures = in_child("--child", "check", str(path), directory,
                               "yes" if path == short and "copy" in sections else "no")
            per_minute = figures["seconds"] / (figures["duration"] / 60)
            cpu_per_minute = figures["cpu"] / (figures["duration"] / 60)
            print(f"{path.name} ({figures['bytes_mb']:.0f} MB, {figures['duration']:.0f} s, "
                  f"{figures['samples']} samples): whole check {figures['seconds']:.1f} s = "
                  f"{per_minute:.1f} s per minute of video (CPU {cpu_per_minute:.1f} s per minute, "
                  f"{figures['cpu_main'] / (figures['duration'] / 60):.1f} s of it in the service process: "
                  f"{cpu_per_minute / 2:.1f} s on 2 idle cores at best); decision {figures['decision']}, "
                  f"{figures['tracks']} tracks; peak memory {figures['rss_main_mb']:.0f} MB "
                  f"(+ template workers {figures['rss_worker_mb']:.0f} MB each at most)", flush=True)
            for line in figures["people"]:
                print(f"    {line}")
            if figures["safe_copy_s"] is not None:
                print(f"  safe copy of {path.name} (every frame decoded, blurred where needed, H.264 "
                      f"encoded, sound copied): {figures['safe_copy_s']:.1f} s", flush=True)
    if "recall" not in sections:
        return
    recall = in_child("--child", "recall", str(short), str(args.recall_frames))
    print(f"Recall per sampled frame ({recall['frames']} frames of {short.name}): the video pipeline "
          f"finds {recall['found']}/{recall['photo_faces']} = {recall['found'] / max(recall['photo_faces'], 1):.3f} "
          f"of the faces >= 24 px that the photo pipeline finds on the same frames "
          f"({recall['small_found']}/{recall['small_faces']} of the smaller ones), plus {recall['extra']} "
          f"boxes the photo pipeline has not; the longest a face of the photo pipeline went missed: "
          f"{recall['longest_miss'][0]} samples in a row from {recall['longest_miss'][1]:.1f} s "
          f"(box {[round(v) for v in recall['longest_miss'][2]]}); "
          f"{recall['video_s']:.2f} s a sample for the whole video check "
          f"(one core for templates) vs {recall['photo_s']:.2f} s a frame for the photo pipeline's search.")


if __name__ == "__main__":
    main()
