"""The gate: one verdict for a draft's photos and text.

detectors (faces, text, metadata) -> registry match -> policy -> verdict.
Photos and texts stay in memory; the audit log gets decisions, not content.
"""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from detectors.faces import Face, FaceAnalyzer
from detectors import working_memory
from detectors.images import (DECODE_BYTES_PER_PIXEL, JUDGE_BYTES_PER_PIXEL, MAX_PIXELS, DecodedImage,
                              declared_size, decode_image, decoded_size, preview_jpeg)
from detectors.redact import safe_copy
from detectors.template_models import DLIB, SFACE
from server.gate import matching
from server.gate.consent import CHANNEL_LABELS, ConsentStatus, consent_status
from server.gate.video import HeldVideo, check_videos
from server.gate.policy import (GPS_SEVERITY, RULE_FACE, RULE_GPS, RULE_NOT_RECOGNISABLE, RULE_UNKNOWN,
                           load_face_severities, most_severe)
from server.registry import Gallery, Person, Registry

ACCOUNTS = ("school", "personal")
# A check decodes one photo at a time; these bound the work one request can ask
# for. 20 photos is the largest carousel (Instagram).
MAX_IMAGES = 20
MAX_DRAFT_PIXELS = 200_000_000
PREVIEW_SIDE = 1400


class DraftError(ValueError):
    """A draft the gate cannot take (bad channel, unreadable image); message in Dutch."""


@dataclass
class Draft:
    """What a user wants to publish."""

    images: list[tuple[str, bytes]] = field(default_factory=list)  # (name, bytes)
    text: str = ""
    channel: str = "social_media"
    account: str = "school"
    videos: list[tuple[str, bytes]] = field(default_factory=list)  # (name, bytes)


@dataclass
class Judged:
    """A verdict plus, per photo and in memory only, its safe copy and a preview (both JPEG bytes).

    Each photo's pixels are dropped as soon as it is judged: a draft of 20 photos
    never holds more than one decoded photo (at most 50 MB) at a time.
    """

    verdict: dict
    safe_copies: list[bytes]  # faces without valid consent blurred, no metadata
    previews: list[bytes]  # upright as judged, at most PREVIEW_SIDE pixels, for the page and the scan report
    videos: list[HeldVideo] = field(default_factory=list)


class Gate:
    """Holds the loaded models; open a registry per call."""

    def __init__(self, data_dir: Path, faces: FaceAnalyzer | None = None) -> None:
        self.data_dir = data_dir
        self._faces = faces
        self._text = None
        self._people_key: tuple = ()
        self._side_work = ThreadPoolExecutor(2, thread_name_prefix="gate-preview")

    @property
    def faces(self) -> FaceAnalyzer:
        if self._faces is None:
            self._faces = FaceAnalyzer()
        return self._faces

    def text_analyzer(self, registry: Registry):
        """The Presidio analyzer, loaded once, kept in step with the consent list."""
        from detectors.text import KnownPerson, SchoolProfile, TextAnalyzer

        people = tuple(
            KnownPerson(p.id, p.first_name, p.infix, p.last_name, p.role) for p in registry.people()
        )
        if self._text is None:
            self._school = SchoolProfile.from_toml(self.data_dir / "school.toml")
            self._text = TextAnalyzer(people, self._school)
        elif people != self._people_key:
            self._text.update_people(people)
        self._people_key = people
        return self._text

    def warm_up(self, registry: Registry) -> None:
        """Load the face models, start the workers and load the text analyzer."""
        self.faces.analyze(np.zeros((64, 64, 3), dtype=np.uint8))
        self.faces.warm_workers()
        self.text_analyzer(registry).analyze("Poortwachter start.")

    def close(self) -> None:
        self._side_work.shutdown()
        if self._faces is not None:
            self._faces.close()

    def check(self, draft: Draft, registry: Registry, today: dt.date, source: str,
              actor: str | None = None) -> Judged:
        """Judge a draft, record the decision in the audit log, return the verdict.

        `actor` is who asked (a paired extension's name); by default the computer user.
        """
        started = time.perf_counter()
        if draft.channel not in CHANNEL_LABELS:
            raise DraftError(
                f"Onbekend kanaal '{draft.channel}'; kies uit {', '.join(CHANNEL_LABELS)}."
            )
        if draft.account not in ACCOUNTS:
            raise DraftError(f"Onbekend account '{draft.account}'; kies school of personal.")
        if not draft.images and not draft.videos and not draft.text.strip():
            # Nothing to judge is no reason to allow: a lost upload must not pass as a clean post.
            raise DraftError("Er is niets te controleren: geen foto, geen video en geen tekst.")
        findings: list[dict] = []
        images: list[dict] = []
        safe_copies: list[bytes] = []
        previews: list[bytes] = []
        severities = load_face_severities(self.data_dir)
        gallery = registry.gallery()
        if len(draft.images) > MAX_IMAGES:
            raise DraftError(f"Te veel foto's in één controle ({len(draft.images)}; maximaal {MAX_IMAGES}).")
        pixels = 0
        for index, (name, data) in enumerate(draft.images):
            # Its memory for decoding and judging at once, before it is decoded: the searches
            # inside take nothing more, so a check never waits for memory while holding some.
            with working_memory.reserve(self._photo_bytes(data)), working_memory.covering():
                photo = decode_image(data, name)
                pixels += photo.width * photo.height
                if pixels > MAX_DRAFT_PIXELS:  # one decoded photo at a time, and not too many in all
                    raise DraftError(f"De foto's zijn samen te groot (maximaal {MAX_DRAFT_PIXELS // 1_000_000} "
                                     "megapixel per controle); controleer ze in delen.")
                # The preview needs no verdict: made on the side while the faces are judged
                # (PIL lets go of the GIL), it costs no wall time of its own.
                preview = self._side_work.submit(preview_jpeg, photo.pixels, PREVIEW_SIDE)
                faces = self._faces_with_templates(photo.pixels, gallery)
                face_findings = [
                    self._judge_face(face, matching.judge(face.templates, gallery), index, registry,
                                     draft.channel, today, severities)
                    for face in faces
                ]
                findings += face_findings
                blur = [tuple(f["box"]) for f in face_findings if f["status"] not in ("consented", "not_recognisable")]
                safe_copies.append(safe_copy(photo.pixels, blur))
                previews.append(preview.result())
                images.append(_image_summary(index, photo, len(faces)))
                if photo.gps:
                    findings.append(_gps_finding(index))
                del photo, faces  # the next photo is decoded into the memory this one used
        videos, video_findings, held = check_videos(self, draft.videos, registry, draft.channel, today,
                                                    severities, gallery)
        findings += video_findings
        if draft.text.strip():
            findings += self._judge_text(draft, registry, today)
        verdict = {
            "id": "c_" + secrets.token_hex(8),
            "decision": most_severe(findings),
            "channel": draft.channel,
            "account": draft.account,
            "images": images,
            "videos": videos,
            "findings": findings,
            "timings_ms": {"total": round((time.perf_counter() - started) * 1000)},
        }
        registry.record_check(_audit_entry(verdict, draft, source, actor or getpass.getuser()))
        return Judged(verdict, safe_copies, previews, held)

    def _photo_bytes(self, data: bytes) -> int:
        """What decoding and judging this photo holds at most (detectors.working_memory)."""
        size = declared_size(data)
        if size is None or size[0] * size[1] > MAX_PIXELS:
            return 0  # decode_image refuses it before holding anything
        width, height = decoded_size(*size)
        return max(DECODE_BYTES_PER_PIXEL * size[0] * size[1],
                   JUDGE_BYTES_PER_PIXEL * width * height + self.faces.search_bytes(width, height))

    def _faces_with_templates(self, pixels: np.ndarray, gallery: Gallery) -> list[Face]:
        """Every face; SFace templates for the recognisable ones, dlib's for those SFace places near someone."""
        faces = self.faces.find(pixels)
        self.faces.embed(faces, (SFACE,))
        near = [f for f in faces if SFACE in f.templates and matching.dlib_needed(f.templates[SFACE], gallery)]
        self.faces.embed(near, (DLIB,))
        return faces

    def _judge_face(self, face: Face, judged: matching.Judgement, index: int,
                    registry: Registry, channel: str, today: dt.date,
                    severities: dict[str, str]) -> dict:
        finding = {"kind": "face", "image": index, "box": list(face.box)}
        if not face.recognisable:
            return {**finding, "severity": severities["not_recognisable"], "status": "not_recognisable",
                    "rule": RULE_NOT_RECOGNISABLE, "message": f"Gezicht niet herkenbaar: {face.reason}."}
        match = judged.match
        if match is not None:
            person, status = self._status(registry, match.person_id, channel, today)
            if status.status != "consented":
                return self._person_finding(finding, person, match, status, severities, "")
        # If any model says it could be someone without valid consent, treat it as them,
        # even when both models agree on someone with consent.
        for candidate in judged.look_alikes:
            if match is not None and candidate.person_id == match.person_id:
                continue
            other, other_status = self._status(registry, candidate.person_id, channel, today)
            if other_status.status != "consented":
                return self._person_finding(finding, other, candidate, other_status, severities,
                                            "Lijkt op een persoon zonder geldige toestemming. ")
        if match is not None:
            return self._person_finding(finding, person, match, status, severities, "")
        nearest = round(judged.nearest, 3) if judged.nearest is not None else None
        return {**finding, "severity": severities["unknown"], "status": "unknown", "distance": nearest,
                "rule": RULE_UNKNOWN,
                "message": "Herkenbaar gezicht dat Poortwachter niet met zekerheid aan iemand op de "
                           "toestemmingslijst kan koppelen."}

    @staticmethod
    def _status(registry: Registry, person_id: str, channel: str,
                today: dt.date) -> tuple[Person, ConsentStatus]:
        person = registry.person(person_id)
        return person, consent_status(person, registry.consents(person_id, channel), channel, today)

    @staticmethod
    def _person_finding(finding: dict, person: Person, match: matching.Candidate,
                        status: ConsentStatus, severities: dict[str, str], prefix: str) -> dict:
        return {**finding, "severity": severities[status.status], "status": status.status,
                "person": {"id": person.id, "name": person.name},
                "distance": round(match.distance, 3), "rule": RULE_FACE,
                "message": prefix + status.message}

    def _judge_text(self, draft: Draft, registry: Registry, today: dt.date) -> list[dict]:
        from server.gate.text_policy import text_findings

        analyzer = self.text_analyzer(registry)
        entities = analyzer.analyze(draft.text)
        findings = text_findings(draft.text, entities, draft.account, self._school.name)
        return [_name_consent(f, registry, draft.channel, today) for f in findings]


def _name_consent(finding: dict, registry: Registry, channel: str, today: dt.date) -> dict:
    """A pupil's name says whether this pupil has consent for this channel: one text does not fit all."""
    person = registry.person(finding["person"]["id"]) if finding.get("entity") == "PERSON" and "person" in finding \
        else None
    if person is None or person.role != "leerling":
        return finding
    status = consent_status(person, registry.consents(person.id, channel), channel, today)
    where = CHANNEL_LABELS[channel]
    if status.status == "consented":
        message = (f"Naam van een leerling met toestemming voor {where}: noemen mag als de naam bij die "
                   f"toestemming hoort; laat anders de achternaam weg.")
    else:
        message = (f"Naam van een leerling zonder geldige toestemming voor {where}: noem deze leerling "
                   f"niet. {status.message}")
    return {**finding, "consent": status.status, "message": f"{message} [{finding['text']}]"}


def _image_summary(index: int, image: DecodedImage, faces: int) -> dict:
    return {"index": index, "width": image.width, "height": image.height, "faces": faces,
            "gps": image.gps}


def _gps_finding(index: int) -> dict:
    return {"kind": "metadata", "severity": GPS_SEVERITY, "image": index, "entity": "GPS",
            "rule": RULE_GPS,
            "message": "De foto bevat een GPS-locatie; de veilige kopie laat die weg."}


def _audit_entry(verdict: dict, draft: Draft, source: str, actor: str) -> dict:
    summary = [
        {k: f[k] for k in ("kind", "severity", "status", "entity") if k in f}
        | ({"person_id": f["person"]["id"]} if "person" in f else {})
        for f in verdict["findings"]
    ]
    return {
        "check_id": verdict["id"],
        "time": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "source": source,
        "actor": actor,
        "channel": verdict["channel"],
        "account": verdict["account"],
        "decision": verdict["decision"],
        "summary": summary,
        "image_hashes": [hashlib.sha256(data).hexdigest() for _, data in draft.images + draft.videos],
    }

