"""How many 12-megapixel photos a minute `poortwachter scan` checks on this machine.

Makes a folder of 4000x3000 JPEGs (group photos and portraits from
../shared/data/faces, upscaled) in a temporary directory, never in the repo,
loads the demo school into a temporary data directory, then scans the folder
with 1 and with 2 worker processes and prints photos per minute: over the
whole run (start-up included) and once the workers are warm.

    .venv/bin/python bench/scan.py [--photos 60] [--jobs 1,2]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from PIL import Image

from server.registry import Registry
from server.registry.consent_import import parse_consent_file

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEMO = DATA / "school_demo"
SOURCES = [
    *sorted((DATA / "faces" / "dlib_faces").glob("20*.jpg")),
    DATA / "faces" / "dlib_faces" / "bald_guys.jpg",
    *sorted((DATA / "faces" / "face_recognition_repo" / "examples" / "knn_examples" / "test").glob("*.jpg")),
    *sorted((DATA / "faces" / "openface_examples").glob("*.jpg")),
]
TODAY = dt.date(2026, 11, 21)
SIZE = (4000, 3000)


def make_photos(folder: Path, count: int) -> None:
    """`count` 12 MP JPEGs, cycling through the sources, cropped to 4:3 and upscaled."""
    for index in range(count):
        source = SOURCES[index % len(SOURCES)]
        with Image.open(source) as image:
            image = image.convert("RGB")
            width, height = image.size
            if width * 3 > height * 4:  # too wide: crop the sides
                crop = (width - height * 4 // 3) // 2
                image = image.crop((crop, 0, crop + height * 4 // 3, height))
            else:
                crop = (height - width * 3 // 4) // 2
                image = image.crop((0, crop, width, crop + width * 3 // 4))
            image.resize(SIZE, Image.BICUBIC).save(folder / f"foto_{index:04d}.jpg", quality=90)


def demo_data_dir(directory: Path) -> None:
    """The demo school's consent list and reference photos."""
    from detectors.faces import FaceAnalyzer
    from server.registry.enrol import enrol_photos

    registry = Registry(directory / "registry.sqlite3")
    registry.import_people(parse_consent_file(DEMO / "leerlingen.csv"), full=True, now="2026-11-01T08:00")
    faces = FaceAnalyzer(workers=1)
    try:
        list(enrol_photos(DEMO / "gezichten.csv", registry, faces))
    finally:
        faces.close()
        registry.close()


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the scan's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(folder: Path, data_dir: Path, jobs: int) -> tuple[float, float, int, float]:
    """Scan from scratch: (photos/min overall, photos/min warm, photos, CPU seconds per photo)."""
    from server.scan.scan import scan_folder

    state = data_dir / f"bench-{jobs}.jsonl"
    state.unlink(missing_ok=True)
    finished: list[float] = []
    started, cpu_before = time.perf_counter(), cpu_seconds()

    def progress(done: int, total: int):
        return lambda result: finished.append(time.perf_counter())

    results, _, _ = scan_folder(folder, data_dir, "social_media", TODAY, jobs=jobs, state_path=state,
                                progress=progress)
    total = time.perf_counter() - started
    cpu = (cpu_seconds() - cpu_before) / len(results)
    # Warm: from the moment every worker has delivered its first photo.
    warm_from = min(jobs, len(finished) - 1)
    warm = (len(finished) - 1 - warm_from) / (finished[-1] - finished[warm_from]) * 60
    return len(results) / total * 60, warm, len(results), cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=60)
    parser.add_argument("--jobs", default="1,2", help="worker processes to try, comma-separated")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="pw-bench-scan-"))
    try:
        folder, data_dir = workdir / "fotos", workdir / "data"
        folder.mkdir()
        data_dir.mkdir(mode=0o700)
        make_photos(folder, args.photos)
        demo_data_dir(data_dir)
        print(f"{args.photos} photos of {SIZE[0]}x{SIZE[1]} px, {os.cpu_count()} cores, "
              f"load average {os.getloadavg()[0]:.1f} before the runs")
        for jobs in (int(j) for j in args.jobs.split(",")):
            load = os.getloadavg()[0]
            overall, warm, count, cpu = run(folder, data_dir, jobs)
            # Other programs share the cores; CPU time per photo says what two idle cores would do.
            print(f"jobs={jobs}: {overall:5.1f} photos/min overall (start-up included), "
                  f"{warm:5.1f} photos/min warm, {count} photos; {cpu:.2f} CPU s/photo "
                  f"(start-up included) = {2 * 60 / cpu:.0f} photos/min on 2 idle cores; "
                  f"load average {load:.1f} at the start")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":  # FaceAnalyzer starts spawn processes
    main()
