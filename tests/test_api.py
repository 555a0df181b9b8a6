"""The HTTP API: token, Host, pairing, checks, safe copies, overrides and the audit log."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests.conftest import KNN

BOTH = KNN / "test/obama_and_biden.jpg"


def post_check(client, auth, *photos, **form):
    data = {"images[]": [(io.BytesIO(p.read_bytes()), p.name) for p in photos], **form}
    return client.post("/api/v1/checks", headers=auth, data=data)


def test_health_needs_the_token(client, auth):
    assert client.get("/api/v1/health").status_code == 401
    assert client.get("/api/v1/health", headers={"Authorization": "Bearer verzonnen"}).status_code == 401
    body = client.get("/api/v1/health", headers=auth).get_json()
    assert body["status"] == "ok" and body["school"] == "OBS De Zonnebloem"


@pytest.mark.parametrize("host", ["evil.example:5151", "127.0.0.1:80", "127.0.0.1.nip.io:5151", "localhost"])
def test_other_host_headers_are_refused_even_with_a_token(client, auth, host):
    response = client.get("/api/v1/health", headers={**auth, "Host": host})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "bad_host"


def test_pairing_code_works_once_and_wrong_codes_run_out(app, client):
    from server.web.context import registry
    from server.web.pairing import new_code

    with app.app_context():
        code = new_code(registry())
    wrong = "000000" if code != "000000" else "111111"
    assert client.post("/api/v1/pair", json={"code": wrong}).status_code == 403
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 200
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 403  # used up
    with app.app_context():
        code = new_code(registry())
    for _ in range(5):
        client.post("/api/v1/pair", json={"code": wrong})
    response = client.post("/api/v1/pair", json={"code": code})
    assert response.status_code == 403 and "Te vaak" in response.get_json()["error"]["message"]


def test_check_returns_the_verdict(client, auth):
    response = post_check(client, auth, BOTH, channel="social_media", account="school")
    verdict = response.get_json()
    assert response.status_code == 200 and verdict["decision"] == "block"
    assert verdict["id"].startswith("c_")
    assert {f["person"]["id"]: f["status"] for f in verdict["findings"] if "person" in f} == {
        "L1001": "consented", "L1002": "no_consent"}


def test_text_and_images_give_one_verdict(client, auth):
    verdict = post_check(client, auth, KNN / "test/obama1.jpg",
                         text="Bel juf Anja op 06-12345678.").get_json()
    assert verdict["decision"] == "warn"
    kinds = {(f["kind"], f.get("entity", f.get("status"))) for f in verdict["findings"]}
    assert ("face", "consented") in kinds and ("text", "PHONE_NUMBER") in kinds


@pytest.mark.parametrize("form, message", [
    ({"channel": "tiktok"}, "Onbekend kanaal"),
    ({"account": "prive"}, "Onbekend account"),
])
def test_bad_form_fields_are_400(client, auth, form, message):
    response = post_check(client, auth, KNN / "test/obama1.jpg", **form)
    assert response.status_code == 400 and message in response.get_json()["error"]["message"]


def face_sharpness(image: Image.Image, box) -> float:
    x, y, w, h = box
    grey = np.asarray(image.convert("L").crop((x, y, x + w, y + h)), dtype=np.float32)
    return float(np.abs(np.diff(grey, axis=1)).mean() + np.abs(np.diff(grey, axis=0)).mean())


def test_safe_copy_blurs_only_faces_without_consent(client, auth):
    verdict = post_check(client, auth, BOTH).get_json()
    response = client.get(f"/api/v1/checks/{verdict['id']}/images/0/safe", headers=auth)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    safe = Image.open(io.BytesIO(response.data))
    original = Image.open(BOTH)
    assert safe.size == original.size and not safe.getexif()
    for finding in verdict["findings"]:
        before, after = face_sharpness(original, finding["box"]), face_sharpness(safe, finding["box"])
        if finding["status"] == "consented":
            assert after > 0.6 * before  # untouched apart from JPEG
        else:
            assert after < 0.2 * before  # Daan and the unknown face: blurred away
    assert client.get("/api/v1/checks/c_onbekend/images/0/safe", headers=auth).status_code == 404
    assert client.get(f"/api/v1/checks/{verdict['id']}/images/0/safe").status_code == 401


def test_blurred_face_is_no_longer_recognised(client, auth, tmp_path):
    verdict = post_check(client, auth, BOTH).get_json()
    safe = client.get(f"/api/v1/checks/{verdict['id']}/images/0/safe", headers=auth).data
    path = tmp_path / "veilig.jpg"
    path.write_bytes(safe)
    again = post_check(client, auth, path).get_json()
    assert again["decision"] == "allow"
    assert [f["status"] for f in again["findings"] if f["status"] != "not_recognisable"] == ["consented"]


def test_override_reason_lands_in_the_audit_log(client, auth):
    verdict = post_check(client, auth, KNN / "test/alex_lacamoire1.jpg").get_json()
    assert verdict["decision"] == "warn"
    short = client.post(f"/api/v1/checks/{verdict['id']}/override", headers=auth, json={"reason": "ok"})
    assert short.status_code == 400
    reason = "Gastspreker, heeft zelf toestemming gegeven"
    assert client.post(f"/api/v1/checks/{verdict['id']}/override", headers=auth,
                       json={"reason": reason}).get_json() == {"ok": True}
    entry = client.get("/api/v1/audit", headers=auth).get_json()["entries"][0]
    assert entry["check_id"] == verdict["id"] and entry["override_reason"] == reason
    assert entry["decision"] == "warn"
    assert entry["actor"] == "test"  # the name the extension gave at pairing


def test_audit_log_holds_decisions_not_content(client, auth, data_dir):
    caption = "Geheime onderschrift Sanne de Vries 06-98765432"
    post_check(client, auth, BOTH, text=caption)
    entry = client.get("/api/v1/audit", headers=auth).get_json()["entries"][0]
    flat = repr(entry)
    assert "Sanne" not in flat and "06-98765432" not in flat and "Geheime" not in flat
    assert {"kind", "severity"} <= set(entry["summary"][0])
    assert len(entry["image_hashes"][0]) == 64
    stored = b"".join(p.read_bytes() for p in data_dir.rglob("*") if p.is_file())
    assert caption.encode() not in stored and b"06-98765432" not in stored


def test_cors_admits_only_extension_origins(client, auth):
    allowed = client.get("/api/v1/health", headers={**auth, "Origin": "chrome-extension://abcdefghijklmnop"})
    assert allowed.headers.get("Access-Control-Allow-Origin") == "chrome-extension://abcdefghijklmnop"
    page = client.get("/api/v1/health", headers={**auth, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in page.headers


def test_errors_are_json_without_traceback(client, auth):
    response = client.get("/api/v1/bestaat-niet", headers=auth)
    assert response.status_code == 404 and response.get_json()["error"]["message"] == "Niet gevonden."
