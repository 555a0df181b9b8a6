"""What was not checked is never allowed: a lost or malformed upload is a 400, never 200 allow."""
from __future__ import annotations

import io

import pytest

from tests.conftest import KNN

PHOTO = (KNN / "test/obama1.jpg").read_bytes()
BOUNDARY = "----poortwachter"


def multipart(*parts: bytes) -> bytes:
    return b"".join(parts)


def file_part(field: str, data: bytes) -> bytes:
    return (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; filename="a.jpg"\r\n'
            f"Content-Type: image/jpeg\r\n\r\n").encode() + data + b"\r\n"


def text_part(text: str) -> bytes:
    return f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="text"\r\n\r\n{text}\r\n'.encode()


WHOLE = multipart(text_part("Schoolreis"), file_part("images[]", PHOTO), f"--{BOUNDARY}--\r\n".encode())


def post_raw(client, auth, body: bytes, content_type: str = f"multipart/form-data; boundary={BOUNDARY}"):
    return client.post("/api/v1/checks", headers={**auth, "Content-Type": content_type}, data=body)


def audit_count(client, auth) -> int:
    return len(client.get("/api/v1/audit", headers=auth).get_json()["entries"])


def test_a_whole_body_is_checked(client, auth):
    response = post_raw(client, auth, WHOLE)
    assert response.status_code == 200 and len(response.get_json()["images"]) == 1


@pytest.mark.parametrize("body", [WHOLE[:-12], WHOLE[: len(WHOLE) // 2], WHOLE[:300]],
                         ids=["no closing boundary", "cut off half-way", "cut off in the photo's headers"])
def test_a_body_that_does_not_parse_whole_is_a_400(client, auth, body):
    before = audit_count(client, auth)
    response = post_raw(client, auth, body)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["code"] == "bad_body"
    assert audit_count(client, auth) == before  # nothing recorded as checked


@pytest.mark.parametrize("field", ["images", "image", "foto"])
def test_an_unknown_file_field_is_a_400_naming_it(client, auth, field):
    response = client.post("/api/v1/checks", headers=auth,
                           data={"text": "Schoolreis", field: (io.BytesIO(PHOTO), "a.jpg")})
    assert response.status_code == 400
    assert f"'{field}'" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("kwargs", [{"json": {"text": "Schoolreis"}}, {"data": b""},
                                    {"data": {"text": "   "}, "content_type": "multipart/form-data"},
                                    {"data": {"channel": "website"}, "content_type": "multipart/form-data"}],
                         ids=["json", "empty body", "blank text only", "no text no photo"])
def test_a_draft_with_nothing_to_check_is_a_400(client, auth, kwargs):
    before = audit_count(client, auth)
    response = client.post("/api/v1/checks", headers=auth, **kwargs)
    assert response.status_code == 400
    assert audit_count(client, auth) == before


def test_a_block_cannot_be_overridden_a_warning_can(client, auth):
    block = client.post("/api/v1/checks", headers=auth, data={"text": "BSN 123456782 van Daan"}).get_json()
    assert block["decision"] == "block"
    response = client.post(f"/api/v1/checks/{block['id']}/override", headers=auth, json={"reason": "Moet echt"})
    assert response.status_code == 409 and "blokkade" in response.get_json()["error"]["message"]
    entry = next(e for e in client.get("/api/v1/audit", headers=auth).get_json()["entries"] if e["check_id"] == block["id"])
    assert entry["override_reason"] is None
    warn = client.post("/api/v1/checks", headers=auth, data={"text": "Bel 06-12345678 voor info"}).get_json()
    assert warn["decision"] == "warn", warn
    assert client.post(f"/api/v1/checks/{warn['id']}/override", headers=auth,
                       json={"reason": "Nummer van de school"}).status_code == 200


def test_api_answers_are_never_cached(client, auth):
    for response in (client.get("/api/v1/health", headers=auth), client.get("/api/v1/people", headers=auth),
                     client.get("/api/v1/audit", headers=auth), client.post("/api/v1/pair", json={})):
        assert response.headers["Cache-Control"] == "no-store"
