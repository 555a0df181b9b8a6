"""The self-check page and /beheer: Host, CSRF, uploads in memory, the verdict, the admin password."""
from __future__ import annotations

import io
import re
import tempfile

import pytest
from PIL import Image
from werkzeug.test import EnvironBuilder

from server.web.pages_common import InMemoryRequest
from tests.conftest import DEMO, KNN, jpeg_bytes

PASSWORD = "een-lang-wachtwoord"


def csrf(client, path: str = "/") -> str:
    page = client.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def gps_jpeg() -> bytes:
    """A photo of Sanne and Daan with a GPS position in its EXIF."""
    image = Image.open(KNN / "test" / "obama_and_biden.jpg").convert("RGB")
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (4.0, 53.0, 0.0)})
    return jpeg_bytes(image, exif=exif.tobytes(), quality=95)


def check(client, token: str, **fields):
    data = {"csrf_token": token, "channel": "social_media", "account": "school", "text": "", **fields}
    return client.post("/", data=data, content_type="multipart/form-data")


# Who may see the pages ---------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/beheer", "/beheer/inloggen", "/static/poortwachter.css"])
def test_pages_refuse_a_foreign_host(client, path):
    # DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends its own Host.
    assert client.get(path, base_url="http://evil.example:5151").status_code == 403


def test_self_check_page_loads_nothing_from_elsewhere(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Zelfcontrole" in html and 'name="csrf_token"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_form_without_csrf_token_is_refused(client):
    response = client.post("/", data={"text": "Hallo", "channel": "website"})
    assert response.status_code == 400
    assert "formulier is verlopen" in response.get_data(as_text=True)


def test_a_form_with_a_forged_csrf_token_is_refused(client):
    assert check(client, "forged").status_code == 400


def test_api_needs_no_csrf_token_but_a_bearer_token(client, auth):
    response = client.post("/api/v1/checks", data={"text": "Hallo", "channel": "website"}, headers=auth)
    assert response.status_code == 200


# The self-check -----------------------------------------------------------------


def test_self_check_marks_faces_and_text(client):
    token = csrf(client)
    photo = (KNN / "test" / "obama_and_biden.jpg").read_bytes()
    response = check(client, token, images=[(io.BytesIO(photo), "obama_and_biden.jpg")],
                     text="Bel juf Anne op 06-12345678.")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-decision="block"' in html
    statuses = re.findall(r'<g class="face (\w+)" data-status="(\w+)"', html)
    assert ("red", "no_consent") in statuses and ("green", "consented") in statuses
    assert "Daan Bakker: geen toestemming" in html
    assert re.search(r'<mark class="warn"[^>]*>06-12345678</mark>', html)
    assert '<image href="data:image/jpeg;base64,' in html


def test_safe_copy_download_drops_gps_and_blurs(client):
    token = csrf(client)
    html = check(client, token, images=[(io.BytesIO(gps_jpeg()), "met-gps.jpg")]).get_data(as_text=True)
    assert "GPS-locatie" in html
    check_id = re.search(r'data-check-id="([^"]+)"', html).group(1)
    response = client.get(f"/veilig/{check_id}/0")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    copy = Image.open(io.BytesIO(response.data))
    assert not copy.getexif() and "exif" not in copy.info
    assert client.get(f"/veilig/{check_id}/5").status_code == 404


def test_bad_image_gives_a_dutch_message_not_a_traceback(client):
    response = check(client, csrf(client), images=[(io.BytesIO(b"geen foto"), "kapot.jpg")])
    assert response.status_code == 400
    assert "kapot.jpg" in response.get_data(as_text=True)


def test_nothing_to_check_says_so(client):
    response = check(client, csrf(client))
    assert response.status_code == 400 and "Kies een of meer foto" in response.get_data(as_text=True)


def test_uploads_stay_in_memory_however_large(client, monkeypatch):
    # werkzeug spools files over 500 KB to a temporary file; ours must not touch the disk.
    def no_disk(*args, **kwargs):
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr(tempfile, "SpooledTemporaryFile", no_disk)
    monkeypatch.setattr(tempfile, "TemporaryFile", no_disk)
    monkeypatch.setattr("werkzeug.formparser.SpooledTemporaryFile", no_disk)
    big = jpeg_bytes(Image.effect_noise((1500, 1500), 64).convert("RGB"), quality=95)
    assert len(big) > 1024 * 1024
    response = check(client, csrf(client), images=[(io.BytesIO(big), "ruis.jpg")])
    assert response.status_code == 200


def test_in_memory_request_keeps_files_in_bytesio():
    builder = EnvironBuilder(method="POST", data={"images": (io.BytesIO(b"x" * 2_000_000), "groot.jpg")})
    request = InMemoryRequest(builder.get_environ())
    assert isinstance(request.files["images"].stream, io.BytesIO)


def test_pairing_code_needs_the_page_link(app, client):
    stranger = app.test_client()  # a fresh browser on this computer, without the link `serve` printed
    response = stranger.post("/koppelcode", data={"csrf_token": csrf(client)})
    assert response.status_code == 401 and 'id="pairing-code"' not in response.get_data(as_text=True)


def test_new_pairing_code_from_the_page(client):
    # The teacher who opened the link needs no admin password (issue 13.7).
    html = client.post("/koppelcode", data={"csrf_token": csrf(client)}).get_data(as_text=True)
    code = re.search(r'id="pairing-code">(\d{6})<', html).group(1)
    assert client.post("/api/v1/pair", json={"code": code, "name": "test"}).status_code == 200
    assert client.post("/koppelcode").status_code == 400  # no CSRF token


# Administration -------------------------------------------------------------------


def set_up_admin(client) -> None:
    response = client.post("/beheer/instellen", data={"csrf_token": csrf(client, "/beheer/instellen"),
                                                      "password": PASSWORD, "repeat": PASSWORD})
    assert response.status_code == 302


def test_first_visit_asks_for_a_password_then_stores_only_a_salted_hash(client, data_dir):
    assert client.get("/beheer").headers["Location"].endswith("/beheer/instellen")
    token = csrf(client, "/beheer/instellen")
    short = client.post("/beheer/instellen", data={"csrf_token": token, "password": "kort", "repeat": "kort"})
    assert short.status_code == 400 and "minstens 10" in short.get_data(as_text=True)
    set_up_admin(client)
    stored = (data_dir / "admin_password").read_text()
    assert PASSWORD not in stored and stored.startswith("$argon2id$")
    assert oct((data_dir / "admin_password").stat().st_mode & 0o777) == "0o600"
    assert oct((data_dir / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert client.get("/beheer").status_code == 200
    # Once set, nobody can set it again through the first-start page.
    assert client.get("/beheer/instellen").headers["Location"].endswith("/beheer/inloggen")


def test_login_logout_and_wrong_password(app, client):
    set_up_admin(client)
    client.post("/beheer/uitloggen", data={"csrf_token": csrf(client, "/beheer")})
    assert client.get("/beheer").headers["Location"].endswith("/beheer/inloggen")
    token = csrf(client, "/beheer/inloggen")
    assert client.post("/beheer/inloggen", data={"csrf_token": token, "password": "fout-fout-fout"}).status_code == 403
    assert client.post("/beheer/inloggen", data={"password": PASSWORD}).status_code == 400  # no CSRF token
    assert client.post("/beheer/inloggen", data={"csrf_token": token, "password": PASSWORD}).status_code == 302
    assert "L1002" in client.get("/beheer").get_data(as_text=True)
    other = app.test_client()
    assert other.get("/beheer", base_url="http://127.0.0.1:5151").status_code == 401  # no session, no entry


def test_admin_forms_need_login_and_csrf(client, registry):
    assert client.post("/beheer/verwijderen", data={"person_id": "L1002", "confirm": "L1002"}).status_code == 400
    token = csrf(client)
    response = client.post("/beheer/verwijderen", data={"csrf_token": token, "person_id": "L1002", "confirm": "L1002"})
    assert response.status_code == 302 and "/beheer/instellen" in response.headers["Location"]
    assert registry.person("L1002") is not None


def test_withdraw_erase_import_and_audit_from_the_admin_page(client, registry):
    set_up_admin(client)
    token = csrf(client, "/beheer")
    client.post("/beheer/intrekken", data={"csrf_token": token, "person_id": "L1001", "channel": "website"})
    assert registry.consents("L1001", "website")[-1].withdrawn_on == "2026-11-21"
    assert registry.consents("L1001", "social_media")[-1].withdrawn_on is None

    client.post("/beheer/verwijderen", data={"csrf_token": token, "person_id": "L1002", "confirm": "L1003"})
    assert registry.person("L1002") is not None  # the confirmation did not match
    client.post("/beheer/verwijderen", data={"csrf_token": token, "person_id": "L1002", "confirm": "L1002"})
    assert registry.person("L1002") is None and registry.template_count("L1002") == 0

    csv_bytes = (DEMO / "leerlingen.csv").read_bytes()
    preview = client.post("/beheer/import", data={"csrf_token": token, "file": (io.BytesIO(csv_bytes), "lijst.csv")},
                          content_type="multipart/form-data")
    assert registry.person("L1002") is None  # the preview changes nothing
    response = client.post("/beheer/import/bevestigen", data=hidden_fields(preview), follow_redirects=True)
    assert "1 nieuw" in response.get_data(as_text=True)  # Daan is back
    bad = client.post("/beheer/import", data={"csrf_token": token, "file": (io.BytesIO(b"a;b\n1;2\n"), "x.csv")},
                      content_type="multipart/form-data", follow_redirects=True)
    assert "Niets geïmporteerd" in bad.get_data(as_text=True)

    check(client, token, text="Geheime tekst over de schoolreis", channel="website")
    audit = client.get("/beheer/auditlog").get_data(as_text=True)
    assert "zelfcontrole" in audit and "Geheime tekst" not in audit


def hidden_fields(page) -> dict[str, str]:
    """The hidden fields of a page's form: what the browser posts back when the officer confirms."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.get_data(as_text=True)))


def test_enrol_from_the_admin_page_stores_templates_only(client, registry):
    set_up_admin(client)
    token = csrf(client, "/beheer")
    before = registry.template_count("L1005")
    photo = (KNN / "train" / "alex_lacamoire" / "img1.jpg").read_bytes()
    response = client.post("/beheer/inschrijven", data={"csrf_token": token, "person_id": "L1005",
                                                         "photos": [(io.BytesIO(photo), "emma.jpg")]},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "L1005: 1 foto" in response.get_data(as_text=True)
    assert registry.template_count("L1005") > before
    group = (KNN / "test" / "obama_and_biden.jpg").read_bytes()
    response = client.post("/beheer/inschrijven", data={"csrf_token": token, "person_id": "L1005",
                                                         "photos": [(io.BytesIO(group), "groep.jpg")]},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "er mag er maar één op staan" in response.get_data(as_text=True)


def test_import_with_an_uploaded_mapping_file_leaves_no_file_behind(client, registry, data_dir):
    set_up_admin(client)
    token = csrf(client, "/beheer")
    mapping = b'[columns]\nleerlingnummer = "Stamnummer"\n'
    native = (DEMO / "leerlingen.csv").read_text(encoding="utf-8").replace("leerlingnummer;", "Stamnummer;", 1)
    before = set(data_dir.iterdir())
    response = client.post("/beheer/import", data={
        "csrf_token": token, "partial": "1", "file": (io.BytesIO(native.encode()), "export.csv"),
        "mapping_file": (io.BytesIO(mapping), "eigen.toml")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "23 personen gelezen" in response.get_data(as_text=True)
    assert set(data_dir.iterdir()) == before
    assert "Er verandert niets." in response.get_data(as_text=True)  # the same list, mapped
    broken = client.post("/beheer/import", data={
        "csrf_token": token, "file": (io.BytesIO(native.encode()), "export.csv"),
        "mapping_file": (io.BytesIO(b"\xff[kapot"), "kapot.toml")}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "kapot.toml is geen geldige TOML" in broken.get_data(as_text=True)
    assert set(data_dir.iterdir()) == before
