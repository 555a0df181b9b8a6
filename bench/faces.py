"""Face figures for the README: detection, speed of a 12 MP check, children, recognisability.

    .venv/bin/python bench/faces.py [detection 12mp children models recognisability cutoff]

Reads ../shared/data only; writes nothing but a temporary data directory.
"""
from __future__ import annotations

import csv
import io
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import dlib
import face_recognition_models
import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.face_detection import bench_detection  # noqa: E402
from bench.face_models import bench_models  # noqa: E402
from bench.face_sizes import crowd_warnings, fgnet_sizes  # noqa: E402
import detectors.faces as faces_module  # noqa: E402
from detectors.faces import MIN_RECOGNISABLE_HEIGHT, FaceAnalyzer  # noqa: E402
from detectors.images import decode_image  # noqa: E402
from server.gate import matching  # noqa: E402
from server.gate.gate import Draft, Gate  # noqa: E402
from detectors.template_models import DLIB, IN_USE, SFACE  # noqa: E402
from server.registry import Gallery, Registry  # noqa: E402
from server.registry.consent_import import parse_consent_file  # noqa: E402
from server.registry.enrol import enrol_photos  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DLIB_FACES = DATA / "faces" / "dlib_faces"
FGNET = DATA / "faces" / "fgnet_dev"
KNN = DATA / "faces" / "face_recognition_repo" / "examples" / "knn_examples"


def demo_registry(directory: Path, analyzer: FaceAnalyzer) -> Registry:
    registry = Registry(directory / "registry.sqlite3")
    registry.import_people(parse_consent_file(DATA / "school_demo" / "leerlingen.csv"), True, "2026-11-01")
    for result in enrol_photos(DATA / "school_demo" / "gezichten.csv", registry, analyzer):
        assert not result.error, result.error
    return registry


def twelve_megapixel(names: list[str]) -> bytes:
    """Group photos side by side, upscaled to one 4000x3000 JPEG."""
    photos = [Image.open(DLIB_FACES / name).convert("RGB") for name in names]
    strip = Image.new("RGB", (sum(p.width for p in photos), max(p.height for p in photos)))
    x = 0
    for photo in photos:
        strip.paste(photo, (x, 0))
        x += photo.width
    buffer = io.BytesIO()
    strip.resize((4000, 3000), Image.LANCZOS).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def bench_12mp(analyzer: FaceAnalyzer) -> None:
    import datetime as dt

    print("Whole check of a 12 MP photo (4000x3000 JPEG), models warm, 5 runs:")
    with tempfile.TemporaryDirectory() as directory:
        registry = demo_registry(Path(directory), analyzer)
        gate = Gate(Path(directory), analyzer)
        for names in (["2007_007763.jpg", "2008_007676.jpg"], ["bald_guys.jpg"]):
            draft = Draft(images=[("groep.jpg", twelve_megapixel(names))])
            verdict = gate.check(draft, registry, dt.date(2026, 11, 21), "bench").verdict  # warm
            times, cpu, peaks = [], [], []
            for _ in range(5):
                resting = reset_peak_memory()
                started, used = time.perf_counter(), cpu_seconds(analyzer)
                gate.check(draft, registry, dt.date(2026, 11, 21), "bench")
                times.append(time.perf_counter() - started)
                cpu.append(cpu_seconds(analyzer) - used)
                peaks.append(memory_mb("VmHWM") - resting)
            recognisable = sum(f["status"] != "not_recognisable" for f in verdict["findings"])
            started = time.perf_counter()
            found = face_recognition_default(decode_image(draft.images[0][1]).pixels)
            theirs = time.perf_counter() - started
            print(f"  {' + '.join(names):34} {verdict['images'][0]['faces']:2} faces ({recognisable} recognisable): "
                  f"median {statistics.median(times):.2f} s, best {min(times):.2f} s, worst {max(times):.2f} s; "
                  f"face_recognition's default pipeline {theirs:.2f} s ({found} faces), "
                  f"{theirs / statistics.median(times):.1f}x ours; CPU time of our check {statistics.median(cpu):.2f} s "
                  f"(service and worker processes; on 2 free cores the wall time can approach half of it); "
                  f"service process peak {max(peaks):.0f} MB above its size before the check")


def memory_mb(field: str) -> float:
    """A VmRSS/VmHWM line of this process's /proc status, in MB."""
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith(field + ":"))
    return int(line.split()[1]) / 1024


def reset_peak_memory() -> float:
    """Start a new peak (VmHWM) at the present size; returns that size in MB."""
    Path("/proc/self/clear_refs").write_text("5")
    return memory_mb("VmRSS")


def cpu_seconds(analyzer: FaceAnalyzer) -> float:
    """CPU time used so far by this process and the analyzer's worker processes."""
    total = time.process_time()
    for pid in analyzer.worker_pids():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


def face_recognition_default(pixels: np.ndarray) -> int:
    """What face_recognition.face_encodings(image) does at its defaults, on the same
    dlib models: HOG with one upsample, 5-point landmarks, one descriptor per face."""
    hog = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(face_recognition_models.pose_predictor_five_point_model_location())
    recognizer = dlib.face_recognition_model_v1(face_recognition_models.face_recognition_model_location())
    boxes = hog(pixels, 1)
    for box in boxes:
        recognizer.compute_face_descriptor(pixels, predictor(pixels, box), 1)
    return len(boxes)


def fgnet_protocol() -> tuple[dict[int, str], list[tuple[str, int, bool]]]:
    """Children 4-13; per child the earliest photo enrols, photos up to 3 years later probe.
    Every third child (by subject id) is not enrolled: its probes must stay unknown."""
    photos: dict[int, list[tuple[int, str]]] = defaultdict(list)
    with (FGNET / "labels.csv").open() as handle:
        for row in csv.DictReader(handle):
            if 4 <= int(row["age"]) <= 13:
                photos[int(row["subject_id"])].append((int(row["age"]), row["filename"]))
    enrolled: dict[int, str] = {}
    probes: list[tuple[str, int, bool]] = []
    for n, subject in enumerate(sorted(s for s, p in photos.items() if len(p) >= 2)):
        (age0, first), *rest = sorted(photos[subject])
        later = [name for age, name in rest if 0 < age - age0 <= 3]
        if n % 3 == 2:
            probes += [(name, subject, False) for name in later]
        else:
            enrolled[subject] = first
            probes += [(name, subject, True) for name in later]
    return enrolled, probes


def fgnet_image(name: str) -> np.ndarray:
    return decode_image((FGNET / "images" / name).read_bytes()).pixels


def fgnet_gallery(analyzer: FaceAnalyzer, enrolled: dict[int, str]) -> Gallery:
    """Enrolment templates of every enrolled child's reference photo, as the gate stores them."""
    ours = {model: ([], []) for model in IN_USE}
    for subject, name in enrolled.items():
        for model, templates in analyzer.enrol(fgnet_image(name)).items():
            ours[model][0].extend([subject] * len(templates))
            ours[model][1].extend(templates)
    return Gallery({model: (ids, np.array(rows)) for model, (ids, rows) in ours.items()})


def bench_children(analyzer: FaceAnalyzer) -> None:
    enrolled, probes = fgnet_protocol()
    load = fgnet_image
    largest = lambda faces: max(faces, key=lambda f: f.box[2] * f.box[3])  # noqa: E731
    plain_ids, plain_rows = [], []
    for subject, name in enrolled.items():
        plain_ids.append(subject)
        plain_rows.append(largest(analyzer.analyze(load(name))).template)
    plain = (plain_ids, np.array(plain_rows))
    gallery = fgnet_gallery(analyzer, enrolled)

    def threshold_rule(tolerance: float, margin: float):
        rule = matching.ModelRule(accept=tolerance, margin=margin, near=tolerance, alike=margin, cosine=False)

        def accepted(face):
            match = matching.identify(matching.rank(face.template, *plain, rule), rule)
            return match.person_id if match else None
        return accepted

    def as_the_gate_asks(face) -> dict:
        """The gate asks dlib only about faces SFace places near someone (server/gate/gate.py)."""
        return (face.templates if matching.dlib_needed(face.templates[SFACE], gallery)
                else {SFACE: face.templates[SFACE]})

    def poortwachter(face):
        match = matching.judge(as_the_gate_asks(face), gallery).match
        return match.person_id if match else None

    def could_be(templates, subject) -> bool:
        judged = matching.judge(templates, gallery)
        return any(c.person_id == subject for c in judged.look_alikes + ((judged.match,) if judged.match else ()))

    rules = {
        "face_recognition default (0.6)": threshold_rule(0.6, 0.0),
        "strict 0.45 + margin 0.05": threshold_rule(0.45, 0.05),
        "Poortwachter (dlib and SFace agree, 2 templates each)": poortwachter,
    }
    results = {label: [0, 0] for label in rules}
    probe_faces = [(largest(analyzer.analyze(load(name))), subject) for name, subject, _ in probes]
    for face, subject in probe_faces:
        for label, rule in rules.items():
            who = rule(face)
            if who is not None:
                results[label][0 if who != subject else 1] += 1
    of_enrolled = sum(1 for p in probes if p[2])
    asked = sum(1 for face, _ in probe_faces if DLIB in as_the_gate_asks(face))
    # Were a child enrolled without consent, would its probe still block as that child?
    lost = sum(1 for (face, subject), probe in zip(probe_faces, probes) if probe[2]
               and could_be(face.templates, subject) and not could_be(as_the_gate_asks(face), subject))
    print(f"Children (FG-NET dev, ages 4-13): {len(enrolled)} children enrolled with one photo, "
          f"{len(probes)} probes ({of_enrolled} of enrolled children, {len(probes) - of_enrolled} of others):")
    for label, (wrong, right) in results.items():
        print(f"  {label:62} wrong accepts {wrong:2d}   recognised {right}/{of_enrolled}")
    print(f"  dlib asked (SFace places the face near someone) for {asked} of {len(probe_faces)} probes; probes of "
          f"enrolled children that would no longer block as their own child (were it without consent): {lost}")


def bench_recognisability(analyzer: FaceAnalyzer) -> None:
    """How small can a face be before the models stop placing it near its own person?

    Faces below the cut-off are embedded here anyway (the gate does not) to see
    what the models would say about them: the cut-off must not wave through a face
    that either model could still place near someone."""
    with tempfile.TemporaryDirectory() as directory:
        registry = demo_registry(Path(directory), analyzer)
        gallery = registry.gallery()
    source = Image.open(KNN / "test/obama1.jpg").convert("RGB")
    box = analyzer.analyze(np.asarray(source))[0].box
    print(f"Recognisability: obama1.jpg (Sanne, L1001) shrunk to a face of about h px (detected box height in "
          f"brackets; cut-off {MIN_RECOGNISABLE_HEIGHT} px; nearest person per model, near = within its look-alike "
          f"distance {', '.join(f'{m.split(chr(45))[0]} {r.near}' for m, r in matching.RULES.items())}):")
    cut_off = faces_module.MIN_RECOGNISABLE_HEIGHT
    faces_module.MIN_RECOGNISABLE_HEIGHT = 0
    try:
        for height in (12, 16, 20, 24, 28, 32, 40, 48, 64, 96):
            scale = height / box[3]
            small = source.resize((max(1, int(source.width * scale)), max(1, int(source.height * scale))),
                                  Image.LANCZOS)
            canvas = Image.new("RGB", (max(small.width, 200), max(small.height, 200)), (128, 128, 128))
            canvas.paste(small, (0, 0))
            faces = analyzer.analyze(np.asarray(canvas))
            if not faces:
                print(f"  h={height:3}: not detected")
                continue
            face = max(faces, key=lambda f: f.box[3])
            below = " (below the cut-off: not_recognisable)" if face.box[3] < cut_off else ""
            if not face.templates:
                print(f"  h={height:3} ({face.box[3]:3}): no template, {face.reason}{below}")
                continue
            nearest = []
            for model, rule in matching.RULES.items():
                ranked = matching.rank(face.templates[model], *gallery.of(model), rule)
                near = "near" if ranked[0].distance <= rule.near else "far"
                nearest.append(f"{model.split('-')[0]} {ranked[0].person_id} {ranked[0].distance:.3f} {near}")
            judged = matching.judge(face.templates, gallery)
            print(f"  h={height:3} ({face.box[3]:3}): {'; '.join(nearest)}: "
                  f"{'identified as ' + judged.match.person_id if judged.match else 'unknown'}{below}")
    finally:
        faces_module.MIN_RECOGNISABLE_HEIGHT = cut_off


def bench_cut_off(analyzer: FaceAnalyzer) -> None:
    """The recognisability cut-off: warnings it adds on crowd_dev, identification of small faces on FG-NET dev."""
    crowd_warnings(analyzer)
    enrolled, probes = fgnet_protocol()
    fgnet_sizes(analyzer, fgnet_gallery(analyzer, enrolled),
                [(fgnet_image(name), child) for name, child, of_enrolled in probes if of_enrolled])


SECTIONS = {
    "detection": bench_detection,
    "12mp": bench_12mp,
    "children": bench_children,
    "models": lambda analyzer: bench_models(analyzer, FGNET, *fgnet_protocol()),
    "recognisability": bench_recognisability,
    "cutoff": bench_cut_off,
}


def main() -> None:
    """All sections, or those named: bench/faces.py 12mp recognisability"""
    chosen = sys.argv[1:] or list(SECTIONS)
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        sys.exit(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    analyzer = FaceAnalyzer()
    try:
        for name in chosen:
            SECTIONS[name](analyzer)
    finally:
        analyzer.close()


if __name__ == "__main__":
    main()
