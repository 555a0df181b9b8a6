"""HTTP API under /api/v1: thin routes over the gate, the registry and pairing."""
from __future__ import annotations

import base64
import io
from datetime import datetime
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request, send_file

from detectors.images import ImageError
from server import __version__, config
from server.gate import audit_log
from server.gate.gate import Draft, DraftError
from server.web import accounts
from server.web.context import registry
from server.web.errors import ApiError
from server.web.pairing import PairingError, redeem
from server.web.security import CheckSlot
from server.web import video_uploads
from server.web.video_plans import blur_paths, sign_plan
from server.web.video_uploads import release_taken, safe_video_response, uploaded_videos

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MIN_REASON = 5


def _gate():
    return current_app.extensions["poortwachter.gate"]


def _today():
    return config.today(current_app.config["TODAY"])


def _json_object() -> dict:
    """The JSON body if it is an object; `true`, a list or a number is no body at all."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.get("/health")
def health():
    from detectors.text import SchoolProfile

    school = SchoolProfile.from_toml(Path(current_app.config["DATA_DIR"]) / "school.toml")
    return {"status": "ok", "version": __version__, "school": school.name}


@bp.post("/pair")
def pair():
    # Only a well-formed JSON request counts as a try: a page elsewhere can post a form
    # or an empty body here (no preflight needed), and must not use up the code's tries.
    body = request.get_json(silent=True) if request.is_json else None
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise ApiError(400, "bad_pair_request", 'Stuur {"code": "123456", "name": "..."} als JSON.')
    code, name = body["code"], str(body.get("name", "extensie"))
    if current_app.config.get("SERVER_MODE"):  # a teacher's own code from /account
        paired = accounts.redeem_code(code, name, request.headers.get("Origin", ""))
        if paired is None:
            raise ApiError(403, "bad_code", "Deze koppelcode klopt niet of is verlopen. Maak een nieuwe op de "
                           "accountpagina van de server.")
        audit_log.record(registry(), "pair", 1, actor=paired[1].display_name, name=name[:100])
        return {"token": paired[0], "user": paired[1].display_name}
    try:
        token = redeem(registry(), code, name, request.headers.get("Origin", ""))
    except PairingError as error:
        raise ApiError(403, "bad_code", str(error)) from None
    audit_log.record(registry(), "pair", 1, name=name[:100])
    return {"token": token}


IMAGE_FIELD = "images[]"
VIDEO_FIELD = "videos[]"
# ids of videos uploaded in chunks before (POST/PUT /uploads): a plain form field, not a
# file field, so a file sent under this name is refused like any other unknown one.
UPLOAD_FIELD = "uploads[]"
FILE_FIELDS = {IMAGE_FIELD, VIDEO_FIELD}  # any other file field is refused by name: it would go unchecked
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")  # the latter: text only


def _draft() -> Draft:
    """The posted draft; anything that is not exactly what was sent is a 400, never an empty draft."""
    if request.mimetype not in FORM_TYPES:
        raise ApiError(400, "not_multipart", "Stuur een concept als multipart/form-data (tekst, images[] en videos[]).")
    unknown = sorted(set(request.files) - FILE_FIELDS)
    if unknown:
        raise ApiError(400, "unknown_field", f"Onbekend bestandsveld '{unknown[0]}': stuur foto's als "
                       f"{IMAGE_FIELD} en video's als {VIDEO_FIELD}. Er is niets gecontroleerd.")
    return Draft(
        images=[(f.filename or f"afbeelding {i + 1}", f.read())
                for i, f in enumerate(request.files.getlist(IMAGE_FIELD))],
        videos=uploaded_videos(VIDEO_FIELD, UPLOAD_FIELD),
        text=request.form.get("text", ""),
        channel=request.form.get("channel", "social_media"),
        account=request.form.get("account", "school"),
    )


@bp.post("/checks")
def create_check():
    try:
        # The slot first: only checks that run may parse their (up to 64 MB) bodies.
        with CheckSlot():
            judged = _gate().check(_draft(), registry(), _today(), source="api", actor=g.paired_name)
    except (DraftError, ImageError, ValueError) as error:
        raise ApiError(400, "bad_draft", str(error)) from None
    verdict = judged.verdict
    # On the school server the next request may reach another process: the copies come with the
    # verdict when asked (only a post that may not go out as it is needs one).
    inline = request.form.get("safe_copies") == "inline"
    if inline and verdict["decision"] != "allow":
        verdict = {**verdict, "safe_copies": [{"image": index, "jpeg_base64": base64.b64encode(jpeg).decode("ascii")}
                                              for index, jpeg in enumerate(judged.safe_copies)]}
    if inline and judged.videos:  # a video's copy is too big for the verdict: its signed blur plan comes instead
        verdict = {**verdict, "videos": [{**summary, "safe_plan": sign_plan(verdict["id"], index, video)}
                                         for index, (summary, video) in enumerate(zip(verdict["videos"],
                                                                                      judged.videos))]}
    # Inline copies are not held again, nor videos whose client has their plans and sends them
    # again; for other clients a video's copy is made on request from what is held here.
    release_taken()  # the check is done with the uploads it took: held, they count as held videos
    current_app.extensions["poortwachter.safe_copies"].hold(
        verdict["id"], [] if "safe_copies" in verdict else judged.safe_copies, [] if inline else judged.videos)
    return jsonify(verdict)


@bp.get("/checks/<check_id>/images/<int:index>/safe")
def safe_image(check_id: str, index: int):
    jpeg = current_app.extensions["poortwachter.safe_copies"].jpeg(check_id, index)
    if jpeg is None:
        raise ApiError(404, "gone", "Deze veilige kopie bestaat niet (meer); controleer de foto opnieuw.")
    response = send_file(io.BytesIO(jpeg), mimetype="image/jpeg", download_name=f"veilig-{index + 1}.jpg")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/limits")
def limits():
    """How big a check's videos may be, and how much of them may go whole in one request."""
    return video_uploads.request_limits()


@bp.post("/uploads")
def start_upload():
    """Announce a video too big for one request; its chunks follow with PUT."""
    return video_uploads.start_upload(_json_object())


@bp.put("/uploads/<upload_id>")
def put_upload(upload_id: str):
    return video_uploads.put_chunk(upload_id)


@bp.get("/checks/<check_id>/videos/<int:index>/safe")
def safe_video(check_id: str, index: int):
    """The video's safe copy (MP4), made now in memory and streamed in chunks."""
    held = current_app.extensions["poortwachter.safe_copies"].video(check_id, index)
    if held is None:
        raise ApiError(404, "gone", "Deze veilige kopie bestaat niet (meer); controleer de video opnieuw.")
    with CheckSlot():  # encoding a video is a check's worth of work
        return safe_video_response(held.data, held.blur, held.name, f"veilig-{index + 1}.mp4")


@bp.post("/checks/<check_id>/videos/<int:index>/safe")
def safe_video_from_plan(check_id: str, index: int):
    """The safe copy made by whichever process gets this: the video sent again with its verdict's safe_plan."""
    with CheckSlot():
        videos = uploaded_videos(VIDEO_FIELD, UPLOAD_FIELD)
        if len(videos) != 1:
            raise ApiError(400, "one_video", f"Stuur de gecontroleerde video (één, als {VIDEO_FIELD} of "
                           f"{UPLOAD_FIELD}) met het vervaagplan (safe_plan uit de uitslag).")
        name, data = videos[0]
        paths = blur_paths(request.form.get("safe_plan", ""), check_id, index, data)
        return safe_video_response(data, paths, name, f"veilig-{index + 1}.mp4")


@bp.post("/checks/<check_id>/override")
def override(check_id: str):
    body = _json_object()
    reason = str(body.get("reason", "")).strip()
    if len(reason) < MIN_REASON:
        raise ApiError(400, "no_reason", f"Geef een reden van minstens {MIN_REASON} tekens.")
    decision = registry().check_decision(check_id)
    if decision is None:
        raise ApiError(404, "unknown_check", "Deze controle is niet bekend.")
    if decision != "warn":
        raise ApiError(409, "not_overridable", "Alleen een waarschuwing kan worden overschreven; "
                       "een blokkade niet. Pas het bericht of de foto aan en controleer opnieuw.")
    if not registry().record_override(check_id, reason[:1000], datetime.now().astimezone().isoformat(),
                                     g.paired_name):
        raise ApiError(404, "unknown_check", "Deze controle is niet bekend.")
    return {"ok": True}


@bp.get("/audit")
def audit():
    if current_app.config.get("SERVER_MODE"):
        accounts.officer_only()
    limit = min(max(request.args.get("limit", 200, type=int), 1), 1000)
    return {"entries": registry().audit_entries(limit)}


@bp.get("/people")
def people():
    if current_app.config.get("SERVER_MODE"):
        accounts.officer_only()
    return {"people": [
        {"id": p.id, "name": p.name, "role": p.role, "group": p.class_group,
         "templates": registry().template_count(p.id)}
        for p in registry().people()
    ]}
