"""The offline self-check page: photos and a text, the same verdict as the extension gets.

Nothing is written to disk: the upload is read from memory, the preview goes
back inline in the page, and the safe copy is held in memory for a few
minutes (SafeCopies), exactly as for the extension.
"""
from __future__ import annotations

import base64
import io
from pathlib import PurePath

from flask import Blueprint, current_app, render_template, request, send_file

from detectors.images import ImageError, decode_image
from detectors.video import SUFFIXES as VIDEO_SUFFIXES
from server import config
from server.gate.consent import CHANNEL_LABELS
from server.gate.gate import Draft, DraftError
from server.gate.labels import ACCOUNT_LABELS, DECISION_LABELS, STATUS_LABELS, face_colour
from server.gate.policy import most_severe
from server.web.big_bodies import whole_video_bytes
from server.web.pairing_code import current_code, renew_code
from server.web.context import registry
from server.web.errors import ApiError
from server.web.security import CheckSlot
from server.web import video_uploads
from server.web.video_uploads import chunked_videos, release_taken, safe_video_response
from server.web.video_views import video_view

bp = Blueprint("pages", __name__)


def _form(**extra):
    return render_template("selfcheck.html", channels=CHANNEL_LABELS, accounts=ACCOUNT_LABELS,
                           form_limit=whole_video_bytes(), chosen=request.form, no_list=not registry().people(), pairing=current_code(), **extra)




@bp.get("/")
def selfcheck():
    return _form()


@bp.post("/")
def run_check():
    uploads = [(f.filename, f.read()) for f in request.files.getlist("images") if f.filename]
    is_video = [PurePath(name).suffix.lower() in VIDEO_SUFFIXES for name, _ in uploads]
    readable, unreadable = _readable([u for u, video in zip(uploads, is_video) if not video])
    draft = Draft(
        images=readable,
        text=request.form.get("text", ""),
        channel=request.form.get("channel", "social_media"),
        account=request.form.get("account", "school"),
        videos=[u for u, video in zip(uploads, is_video) if video],
    )
    try:  # videos too big for one request came in chunks first (static/selfcheck.js)
        draft.videos += chunked_videos()
    except ApiError as error:
        return _form(error=error.message), error.status
    if not draft.images and not draft.videos and not draft.text.strip():
        if unreadable:
            return _form(unreadable=unreadable, error="Geen van de foto's kon worden gelezen."), 400
        return _form(error="Kies een of meer foto's of video's of typ een tekst om te controleren."), 400
    try:
        with CheckSlot():
            judged = current_app.extensions["poortwachter.gate"].check(
                draft, registry(), config.today(current_app.config["TODAY"]), source="page")
    except (DraftError, ImageError, ValueError) as error:
        return _form(error=str(error)), 400
    except ApiError as error:  # busy: the page says so instead of answering in JSON
        return _form(error=error.message), error.status
    verdict = judged.verdict
    release_taken()  # the check is done with the uploads it took: held, they count as held videos
    current_app.extensions["poortwachter.safe_copies"].hold(verdict["id"], judged.safe_copies, judged.videos)
    photos = [_photo_view(index, name, preview, verdict)
              for index, ((name, _), preview) in enumerate(zip(draft.images, judged.previews))]
    videos = [video_view(index, held, verdict) for index, held in enumerate(judged.videos)]
    # What could not be read was not checked: never less than a warning (fail safe).
    decision = most_severe([{"severity": verdict["decision"]}] + [{"severity": "warn"}] * bool(unreadable))
    return _form(verdict=verdict, decision=decision, decision_label=DECISION_LABELS[decision], photos=photos,
                 videos=videos, unreadable=unreadable,
                 text_parts=_text_parts(draft.text, verdict["findings"]),
                 text_findings=[f for f in verdict["findings"] if f["kind"] == "text"])


@bp.post("/video-upload")
def start_video_upload():
    """A video too big for the form: its place, then its chunks (static/selfcheck.js)."""
    body = request.get_json(silent=True)
    return video_uploads.start_upload(body if isinstance(body, dict) else {})


@bp.put("/video-upload/<upload_id>")
def put_video_chunk(upload_id: str):
    return video_uploads.put_chunk(upload_id)


@bp.get("/veilig/<check_id>/<int:index>")
def safe_copy(check_id: str, index: int):
    """The safe copy as a download: faces without valid consent blurred, no EXIF, no GPS."""
    jpeg = current_app.extensions["poortwachter.safe_copies"].jpeg(check_id, index)
    if jpeg is None:
        return render_template("error.html", message="Deze veilige kopie bestaat niet meer: "
                               "controleer de foto opnieuw."), 404
    return send_file(io.BytesIO(jpeg), mimetype="image/jpeg", as_attachment=True,
                     download_name=safe_copy_name(request.args.get("naam", ""), index))


def safe_copy_name(original: str, index: int) -> str:
    """'klassenfoto.png' -> 'klassenfoto-veilig.jpg' (the safe copy is always a JPEG)."""
    stem = PurePath(original.replace("\\", "/")).stem
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '"/\\')[:100].strip()
    return f"{stem or f'foto-{index + 1}'}-veilig.jpg"


def _readable(uploads: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[dict]]:
    """Split the uploads into photos the gate can read and the others, each with its Dutch reason.

    The page checks what it can instead of refusing the whole batch; the photo is
    decoded once more by the gate, which is cheap next to finding faces.
    """
    readable, unreadable = [], []
    for name, data in uploads:
        try:
            decode_image(data, name)
        except ImageError as error:
            unreadable.append({"name": name, "error": str(error)})
            continue
        readable.append((name, data))
    return readable, unreadable


@bp.get("/veilig-video/<check_id>/<int:index>")
def safe_video_copy(check_id: str, index: int):
    """The video's safe copy as a download: made now, in memory, and streamed."""
    held = current_app.extensions["poortwachter.safe_copies"].video(check_id, index)
    if held is None:
        return render_template("error.html", message="Deze veilige kopie bestaat niet meer: "
                               "controleer de video opnieuw."), 404
    try:
        with CheckSlot():
            return safe_video_response(held.data, held.blur, held.name,
                                       safe_copy_name(held.name, index).removesuffix(".jpg") + ".mp4")
    except ApiError as error:  # busy, or too big: the page says so instead of answering in JSON
        return render_template("error.html", message=error.message), error.status


@bp.post("/koppelcode")
def pairing_code():
    """A fresh pairing code for the extension's options page, shown on the self-check page.

    Like every page, only for whoever opened the link `serve` printed (page_access):
    a code gives a token that reads the consent list, and on a shared computer
    another local user can reach 127.0.0.1 too.
    """
    renew_code()
    return _form()


def _photo_view(index: int, name: str, preview: bytes, verdict: dict) -> dict:
    summary = verdict["images"][index]
    width, height = summary["width"], summary["height"]
    faces = []
    for finding in verdict["findings"]:
        if finding["kind"] != "face" or finding["image"] != index:
            continue
        person = finding.get("person")
        label = f"{person['name']}: {STATUS_LABELS[finding['status']]}" if person else STATUS_LABELS[finding["status"]]
        faces.append({**finding, "colour": face_colour(finding["status"]), "label": label})
    gps = any(f["kind"] == "metadata" and f.get("image") == index for f in verdict["findings"])
    # The photo as it was judged (upright), small enough to show inline.
    return {"index": index, "name": name, "width": width, "height": height, "faces": faces, "gps": gps,
            "preview": "data:image/jpeg;base64," + base64.b64encode(preview).decode("ascii"),
            "stroke": max(2, round(max(width, height) / 300))}


def _text_parts(text: str, findings: list[dict]) -> list[dict]:
    """The text cut into plain and marked pieces; overlapping findings: the first one wins."""
    parts, position = [], 0
    spans = sorted((f for f in findings if f["kind"] == "text" and "start" in f),
                   key=lambda f: (f["start"], -f["end"]))
    for finding in spans:
        if finding["start"] < position:
            continue
        if finding["start"] > position:
            parts.append({"text": text[position:finding["start"]]})
        parts.append({"text": text[finding["start"]:finding["end"]], "finding": finding})
        position = finding["end"]
    if position < len(text):
        parts.append({"text": text[position:]})
    return parts
