"""Scan a folder of photos and videos (a website's media library) against the consent list.

Every photo goes through the same gate as a single check (source "scan"), in
worker processes. What a scan found is kept in a small state file
(server.scan_state), so an interrupted scan resumes where it stopped.
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from PIL import Image, ImageOps

from detectors.video import SUFFIXES as VIDEO_SUFFIXES
from server import config
from server.registry import Registry
from server.scan.scan_state import PhotoResult, ScanState, fingerprint

EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
try:  # HEIC only where its decoder installed (detectors.images registers it).
    import pillow_heif  # noqa: F401

    EXTENSIONS |= {".heic", ".heif"}
except ImportError:  # pragma: no cover - optional
    pass
EXTENSIONS |= VIDEO_SUFFIXES

THUMB_SIDE = 360
# Two worker processes, each computing its own photo's templates with a
# one-thread detector: bench/scan.py measured this against one process that
# spreads a photo's templates over both cores (see README / the report).
DEFAULT_JOBS = min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class Photo:
    path: Path
    relative: str
    size: int
    mtime_ns: int

    @property
    def key(self) -> tuple[str, int, int]:
        return self.relative, self.size, self.mtime_ns


def find_photos(folder: Path) -> list[Photo]:
    """Every photo under `folder`, sorted; links that lead outside it are skipped."""
    root = folder.resolve()
    photos: list[Photo] = []
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.suffix.lower() not in EXTENSIONS or name.startswith("."):
                continue
            try:
                real = path.resolve()
                real.relative_to(root)
                stat = real.stat()
            except (OSError, ValueError):  # a dangling link or one out of the folder
                continue
            photos.append(Photo(path, path.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns))
    return photos


# Worker side --------------------------------------------------------------

_worker: dict = {}


def _init_worker(data_dir: str, channel: str, today: str, template_workers: int) -> None:
    """Load the models once per worker process."""
    # Ctrl+C is for the main process, which stops the pool; a worker that died
    # of it mid-photo would only break the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from detectors.faces import FaceAnalyzer
    from detectors.parent_watch import watch_parent

    watch_parent(os.getppid())  # a killed scan leaves no workers behind
    from server.gate.gate import Gate

    # Two workers each with a 2-thread detector put 4 spinning onnxruntime
    # threads on 2 cores: bench/scan.py measured 33 photos/min that way and
    # 69 with one thread each.
    faces = FaceAnalyzer(workers=template_workers, detector_threads=1 if template_workers == 1 else 2)
    _worker.update(
        gate=Gate(Path(data_dir), faces),
        registry=Registry(config.registry_location(Path(data_dir))),
        channel=channel,
        today=dt.date.fromisoformat(today),
    )


def _scan_in_worker(photo: Photo) -> tuple[PhotoResult, str]:
    return check_photo(photo, _worker["gate"], _worker["registry"], _worker["channel"], _worker["today"])


def check_photo(photo: Photo, gate, registry: Registry, channel: str, today: dt.date) -> tuple[PhotoResult, str]:
    """One photo through the gate: its result and a thumbnail (a data URI, '' on error)."""
    from detectors.images import MAX_BYTES as IMAGE_BYTES
    from detectors.images import ImageError
    from detectors.video import VideoError
    from server.gate.gate import Draft
    from server.gate.video import load_video_limits
    from server.safe_read import FileReadError, read_regular_file

    base = PhotoResult(photo.relative, photo.size, photo.mtime_ns, "error")
    is_video = photo.path.suffix.lower() in VIDEO_SUFFIXES
    try:
        # A pipe or a device named foto.jpg in the folder is refused, never read until it ends.
        data = read_regular_file(photo.path, load_video_limits(gate.data_dir).max_bytes if is_video else IMAGE_BYTES)
        media = [(photo.path.name, data)]
        draft = Draft([] if is_video else media, "", channel, "school", videos=media if is_video else [])
        judged = gate.check(draft, registry, today, source="scan")
    except FileReadError as error:
        base.error = f"kan het bestand niet lezen: {error.reason}."
        return base, ""
    except (ImageError, VideoError) as error:
        base.error = str(error)
        return base, ""
    if is_video:
        return video_result(photo, judged)
    verdict = judged.verdict
    image = verdict["images"][0]
    faces = [
        {"box": f["box"], "status": f["status"], "severity": f["severity"],
         "person_id": f.get("person", {}).get("id")}
        for f in verdict["findings"] if f["kind"] == "face"
    ]
    result = PhotoResult(photo.relative, photo.size, photo.mtime_ns, verdict["decision"], image["width"],
                         image["height"], image["gps"], faces)
    return result, thumbnail(Image.open(io.BytesIO(judged.previews[0])))


def video_result(photo: Photo, judged) -> tuple[PhotoResult, str]:
    """A video's result: each person with their time ranges; the thumbnail is the frame of
    the most severe one, with the boxes of the faces judged on that frame."""
    verdict = judged.verdict
    video = verdict["videos"][0]
    faces = [f for f in verdict["findings"] if f["kind"] == "face"]  # most severe first
    shown = faces[0]["frame"] if faces else None
    result = PhotoResult(photo.relative, photo.size, photo.mtime_ns, verdict["decision"], video["width"],
                         video["height"], video["gps"], [
                             {"box": f["box"], "status": f["status"], "severity": f["severity"],
                              "person_id": f.get("person", {}).get("id"), "ranges": f["ranges"],
                              "shown": f["frame"] == shown}
                             for f in faces])
    still = judged.videos[0].stills.get(shown)
    return result, thumbnail(Image.open(io.BytesIO(still.jpeg))) if still else ""


def thumbnail(image: Image.Image) -> str:
    """A small JPEG as a data URI, for a report that needs no other files."""
    image = image.copy()  # thumbnail() works in place
    image.thumbnail((THUMB_SIDE, THUMB_SIDE))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def thumbnail_from_file(path: Path) -> str:
    """A thumbnail of a photo finished in an earlier run; JPEGs decode at a fraction of their size."""
    try:
        with Image.open(path) as image:
            image.draft("RGB", (THUMB_SIDE * 2, THUMB_SIDE * 2))
            return thumbnail(ImageOps.exif_transpose(image))
    except Exception:  # a thumbnail is a courtesy; the verdict stands without it
        return ""


# Main side ------------------------------------------------------------------


class Scanner:
    """Runs photos through the gate in `jobs` worker processes, results as they finish."""

    def __init__(self, data_dir: Path, channel: str, today: dt.date, jobs: int = DEFAULT_JOBS,
                 faces=None) -> None:
        self.data_dir, self.channel, self.today, self.jobs = data_dir, channel, today, max(1, jobs)
        self.faces = faces  # with one job: a FaceAnalyzer already loaded (tests, the service)

    def run(self, photos: list[Photo]) -> Iterator[tuple[PhotoResult, str]]:
        """Yield (result, thumbnail) per photo in the order they finish.

        Stopping the iteration (or Ctrl+C in it) cancels what has not started.
        """
        if not photos:
            return
        # With one job the photo's templates still spread over both cores.
        template_workers = 2 if self.jobs == 1 else 1
        init_args = (str(self.data_dir), self.channel, self.today.isoformat(), template_workers)
        if self.jobs == 1:
            yield from self._run_here(photos, init_args)
            return
        pool = ProcessPoolExecutor(self.jobs, mp_context=get_context("spawn"), initializer=_init_worker,
                                   initargs=init_args)
        pending: set[Future] = set()
        queue = iter(photos)
        try:
            while True:
                # A short queue per worker keeps both busy without holding many photos' results.
                while len(pending) < self.jobs * 2:
                    photo = next(queue, None)
                    if photo is None:
                        break
                    pending.add(pool.submit(_scan_in_worker, photo))
                if not pending:
                    return
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _run_here(self, photos: list[Photo], init_args: tuple) -> Iterator[tuple[PhotoResult, str]]:
        from detectors.faces import FaceAnalyzer
        from server.gate.gate import Gate

        gate = Gate(self.data_dir, self.faces or FaceAnalyzer(workers=init_args[3]))
        registry = Registry(config.registry_location(self.data_dir))
        try:
            for photo in photos:
                yield check_photo(photo, gate, registry, self.channel, self.today)
        finally:
            if self.faces is None:
                gate.close()
            registry.close()


def scan_folder(folder: Path, data_dir: Path, channel: str, today: dt.date, *, jobs: int = DEFAULT_JOBS,
                state_path: Path | None = None, faces=None,
                progress: Callable[[int, int], Callable[[PhotoResult], None]] | None = None,
                ) -> tuple[list[PhotoResult], dict[str, str], ScanState]:
    """Scan `folder`, resuming from its state; returns results in folder order and thumbnails.

    `progress(done_before, total)` may return a callback called once per photo
    finished now. KeyboardInterrupt passes through; what finished is kept.
    """
    photos = find_photos(folder)
    registry = Registry(config.registry_location(data_dir))
    try:
        print_ = fingerprint(registry, channel, today)
    finally:
        registry.close()
    state = ScanState(state_path or ScanState.default_path(data_dir, folder, channel), folder, channel, print_)
    todo = [p for p in photos if p.key not in state.results]
    step = progress(len(photos) - len(todo), len(photos)) if progress else None
    thumbs: dict[str, str] = {}
    try:
        for result, thumb in Scanner(data_dir, channel, today, jobs, faces).run(todo):
            state.add(result)
            thumbs[result.path] = thumb
            if step:
                step(result)
    finally:
        state.close()
    results = [state.results[p.key] for p in photos if p.key in state.results]
    for photo in photos:
        if photo.relative not in thumbs and photo.key in state.results and not state.results[photo.key].error:
            thumbs[photo.relative] = thumbnail_from_file(photo.path)
    return results, thumbs, state
