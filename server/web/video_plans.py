"""A video's blur plan, signed, in the verdict: any process can make the safe copy later.

On the school server the request for a safe copy may reach another gate process
(or host) than the check did, which holds nothing of it. So the verdict carries,
per video, what the copy needs besides the video itself: the paths of the faces
to blur, signed with the key all processes share (SECRET_KEY, from the registry
on the server), bound to the check, the video's index and the SHA-256 of its
bytes, and valid as long as a held copy would be (KEEP_SECONDS). The client
sends the video again with the plan; a plan for another video, an altered plan
or an old one makes no copy. The plan holds times and boxes, no pixels.
"""
from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from detectors.video_redact import Path
from server.gate.video import HeldVideo
from server.web.errors import ApiError
from server.web.safe_copies import KEEP_SECONDS

SALT = "poortwachter.video-blur-plan"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign_plan(check_id: str, index: int, video: HeldVideo) -> str:
    blur = [[[float(time), [int(v) for v in box]] for time, box in path.seen] for path in video.blur]
    return _serializer().dumps({"check": check_id, "index": index,
                                "sha256": hashlib.sha256(video.data).hexdigest(), "blur": blur})


def blur_paths(plan: str, check_id: str, index: int, data: bytes) -> list[Path]:
    """The faces to blur in `data`, from a plan this service signed for this very video; else ApiError."""
    try:
        payload = _serializer().loads(plan, max_age=KEEP_SECONDS)
    except SignatureExpired:
        raise ApiError(404, "gone", "Deze veilige kopie bestaat niet meer; controleer de video opnieuw.") from None
    except BadSignature:
        raise ApiError(400, "bad_plan", "Dit vervaagplan is niet van deze dienst; controleer de video opnieuw.") from None
    if payload.get("check") != check_id or payload.get("index") != index:
        raise ApiError(400, "bad_plan", "Dit vervaagplan hoort bij een andere controle of video.")
    if hashlib.sha256(data).hexdigest() != payload["sha256"]:
        raise ApiError(400, "not_the_checked_video", "Dit is niet de video die gecontroleerd is; stuur precies "
                       "die video mee, of controleer deze opnieuw.")
    return [Path([(time, tuple(box)) for time, box in path]) for path in payload["blur"]]
