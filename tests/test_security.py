"""Each guard of docs/security.md, tried the way an attacker would try it.

Guards already proven elsewhere are not repeated here; docs/security.md points
at those tests (test_api.py, test_pages.py, test_scan.py, test_bad_images.py).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from server import config
from server.gate import gate
from server.registry import Registry
from server.web.safe_copies import SafeCopies
from tests.conftest import DEMO, KNN, jpeg_bytes
from tests.test_pages import csrf, set_up_admin

OBAMA = KNN / "test/obama1.jpg"
INJECTION = "'; DROP TABLE people; --"
TABLES = {"people", "consents", "templates", "audit", "tokens", "pairing"}


def rules(app, prefix: str = "") -> list[tuple[str, str]]:
    """(method, concrete path) for every route of the app, parameters filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(prefix):
            continue
        path = re.sub(r"<int:\w+>", "0", rule.rule)
        path = re.sub(r"<(?:\w+:)?\w+>", "x", path)
        found += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


# Host header: DNS rebinding ----------------------------------------------------------


def test_every_route_refuses_a_rebound_host(app, client, auth):
    # A page on evil.example that re-points its name at 127.0.0.1 sends Host: evil.example.
    for method, path in rules(app):
        response = client.open(path, method=method, headers={**auth, "Host": "evil.example:5151"})
        assert response.status_code == 403, (method, path)
        assert response.get_json()["error"]["code"] == "bad_host", (method, path)


# Token ----------------------------------------------------------------------------


def test_every_api_route_but_pairing_needs_the_token(app, client):
    for method, path in rules(app, "/api/"):
        if path == "/api/v1/pair":
            continue
        for header in ({}, {"Authorization": "Bearer "}, {"Authorization": "bearer verzonnen"},
                       {"Authorization": "Basic dXNlcjpwYXNz"}):
            response = client.open(path, method=method, headers=header)
            assert response.status_code == 401, (method, path, header)


def test_tokens_and_codes_are_stored_only_as_hashes(client, token, data_dir):
    db = raw(data_dir)
    stored = " ".join(str(v) for row in db.execute("SELECT * FROM tokens") for v in row)
    assert token not in stored


# CORS and CSRF --------------------------------------------------------------------


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:5151",
                                    "chrome-extension://x.evil.example/"])
def test_preflight_from_a_page_is_not_admitted(client, origin):
    response = client.options("/api/v1/checks", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_pages_never_admit_other_origins(client):
    response = client.get("/", headers={"Origin": "chrome-extension://abcdefghijklmnop"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_cross_site_simple_request_cannot_pair(app, client):
    # A page may send a "simple" POST without preflight: text/plain, no custom headers.
    from server.web.context import registry
    from server.web.pairing import new_code

    with app.app_context():
        code = new_code(registry())
    body = '{"code": "%s", "name": "kwaadaardig"}' % code
    response = client.post("/api/v1/pair", data=body, content_type="text/plain",
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 400  # not a JSON request: refused, and not counted as a try
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 200  # the code was not used up


@pytest.mark.parametrize("path", ["/koppelcode", "/beheer/instellen", "/beheer/inloggen", "/beheer/import"])
def test_page_forms_without_csrf_token_are_refused(client, path):
    # A pairing code from /koppelcode would give a page a token; first-start would set its password.
    response = client.post(path, data={"password": "een-lang-wachtwoord", "repeat": "een-lang-wachtwoord"})
    assert response.status_code == 400 and 'id="pairing-code"' not in response.get_data(as_text=True)


def test_session_cookie_is_strict_and_hidden_from_scripts(client):
    set_up_admin(client)
    cookie = client.get_cookie("session", domain="127.0.0.1")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Strict"


# Body and pixel limits ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/checks", "/"])
def test_a_body_over_the_limit_is_413_without_traceback(app, client, auth, path):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    data = {"images[]" if path != "/" else "images": (io.BytesIO(b"\xff" * 2 * 1024 * 1024), "groot.jpg")}
    response = client.post(path, headers=auth, data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.get_json()["error"]["message"] == "Het verzoek is te groot."
    assert "Traceback" not in response.get_data(as_text=True)


def test_too_many_photos_in_one_check_is_a_clear_400(client, auth):
    small = jpeg_bytes(Image.new("RGB", (32, 32)))
    data = {"images[]": [(io.BytesIO(small), f"{i}.jpg") for i in range(gate.MAX_IMAGES + 1)]}
    response = client.post("/api/v1/checks", headers=auth, data=data)
    assert response.status_code == 400 and "Te veel foto's" in response.get_json()["error"]["message"]


def test_photos_that_are_together_too_big_stop_before_all_are_decoded(client, auth, monkeypatch):
    # Each photo is under MAX_PIXELS, but a draft of many would hold gigabytes at once.
    monkeypatch.setattr(gate, "MAX_DRAFT_PIXELS", 3_000_000)
    big = jpeg_bytes(Image.new("RGB", (2000, 1000)))
    data = {"images[]": [(io.BytesIO(big), f"{i}.jpg") for i in range(3)]}
    response = client.post("/api/v1/checks", headers=auth, data=data)
    assert response.status_code == 400 and "samen te groot" in response.get_json()["error"]["message"]


def test_safe_copies_are_bounded_in_bytes_not_only_in_checks(monkeypatch):
    from server.web import safe_copies

    monkeypatch.setattr(safe_copies, "MAX_BYTES", 10 * 1024 * 1024)
    held = SafeCopies()
    jpeg = b"\xff\xd8" + bytes(3 * 1024 * 1024)  # 3 MB
    for number in range(10):
        held.hold(f"c{number}", [jpeg])
    assert held._bytes() <= 10 * 1024 * 1024
    assert held.jpeg("c9", 0) is not None and held.jpeg("c0", 0) is None


def test_the_service_keeps_bodies_in_memory_and_bounds_a_burst(app):
    from server.cli.cli_serve import waitress_options

    options = waitress_options(app)
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert options["max_request_body_size"] == limit
    assert options["inbuf_overflow"] > limit and options["outbuf_overflow"] > limit
    # Bodies in flight are bounded by bytes (body_budget; tests/test_body_budget.py), so the
    # service can accept a burst of 24 clients, each of which then hears its 503 in time.
    assert options["connection_limit"] - 2 >= 24 and options["threads"] >= 24


# Path traversal ---------------------------------------------------------------------


def files_under(*roots) -> set:
    return {p for root in roots for p in root.rglob("*")}


@pytest.mark.parametrize("name", ["../../../../tmp/poortwachter-traversal.jpg", "/etc/poortwachter.jpg",
                                  "..\\..\\evil.jpg", "a/../../b.jpg"])
def test_upload_names_are_labels_never_paths(client, auth, data_dir, tmp_path, name):
    before = files_under(tmp_path)
    photo = OBAMA.read_bytes()
    response = client.post("/api/v1/checks", headers=auth, data={"images[]": (io.BytesIO(photo), name)})
    assert response.status_code == 200
    set_up_admin(client)
    token = csrf(client, "/beheer")
    client.post("/beheer/inschrijven", data={"csrf_token": token, "person_id": "L1003",
                                             "photos": (io.BytesIO(photo), name)},
                content_type="multipart/form-data")
    client.post("/beheer/import", data={
        "csrf_token": token, "partial": "1",
        "file": (io.BytesIO((DEMO / "leerlingen.csv").read_bytes()), name),
        "mapping_file": (io.BytesIO(b"[columns]\n"), name)}, content_type="multipart/form-data")
    new = files_under(tmp_path) - before
    assert {p.name for p in new} <= {"registry.sqlite3-wal", "registry.sqlite3-shm", "admin_password"}, new
    assert not any("traversal" in p.name or "evil" in p.name for p in files_under(tmp_path))
    assert not Path("/tmp/poortwachter-traversal.jpg").exists() and not Path("/etc/poortwachter.jpg").exists()


def test_enrol_csv_paths_are_relative_to_the_csv_and_may_climb(tmp_path):
    # `..` is legitimate here (the demo uses ../faces/...); the CSV is the user's own file.
    from server.registry.enrol import read_enrol_file

    rows = read_enrol_file(DEMO / "gezichten.csv")
    assert all(path.resolve().is_file() for _, _, path in rows)


# Formula injection in CSV reports ---------------------------------------------------


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil.example\")", "+31612345678", "-2+3", "@SUM(A1)"])
def test_names_and_ids_from_the_consent_list_cannot_become_formulas(registry, tmp_path, value):
    import csv

    from server.registry import Person
    from server.scan.scan import PhotoResult
    from server.scan.scan_report import write_csv

    registry.import_people([(Person(value, value, "", value, "leerling"), [])], full=False, now="2026-11-01")
    face = {"box": [0, 0, 9, 9], "status": "no_consent", "severity": "block", "person_id": value}
    result = PhotoResult(value + ".jpg", 1, 1, "block", 10, 10, False, [face], error=value)
    write_csv(tmp_path / "r.csv", [result], registry)
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig")), delimiter=";"))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@")), rows[1]


# SQL injection ------------------------------------------------------------------------


def raw(data_dir):
    """The registry's database connection (SQLite or PostgreSQL), for looking under the registry."""
    return Registry(config.registry_location(data_dir)).db


def tables_intact(data_dir) -> None:
    db = raw(data_dir)
    if db.backend == "sqlite":
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    else:
        names = {r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert TABLES <= names
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] > 0
    db.close()


def test_sql_in_the_consent_file_is_stored_as_text(data_dir, tmp_path):
    from tests.test_cli import run

    lines = (DEMO / "leerlingen.csv").read_text(encoding="utf-8").splitlines()
    row = lines[1].split(";")
    row[0], row[1], row[3] = INJECTION.replace(";", ""), INJECTION.replace(";", ""), "O'Brien"
    quoted = f'"{INJECTION}"'  # with the ; inside quotes, as a spreadsheet writes it
    evil = tmp_path / "lijst.csv"
    evil.write_text("\n".join([lines[0], ";".join(row), ";".join([quoted, quoted] + row[2:])]) + "\n",
                    encoding="utf-8")
    result = run(data_dir, "consent", "import", "--partial", "--yes", evil)
    assert result.exit_code == 0, result.output
    tables_intact(data_dir)
    db = raw(data_dir)
    stored = {r[0]: r[1:] for r in db.execute("SELECT id, first_name, last_name FROM people")}
    assert stored[INJECTION] == (INJECTION, row[3])
    assert stored[INJECTION.replace(";", "")][1] == "O'Brien"
    assert run(data_dir, "consent", "withdraw", INJECTION).exit_code == 0
    assert run(data_dir, "consent", "erase", INJECTION).exit_code == 0
    tables_intact(data_dir)
    assert INJECTION not in {r[0] for r in raw(data_dir).execute("SELECT id FROM people")}


def test_sql_through_the_api_and_the_admin_page(client, auth, data_dir):
    assert client.post(f"/api/v1/checks/{INJECTION}/override", headers=auth,
                       json={"reason": INJECTION}).status_code == 404
    assert client.get(f"/api/v1/checks/{INJECTION}/images/0/safe", headers=auth).status_code == 404
    assert client.get("/api/v1/audit?limit=1;DROP TABLE audit", headers=auth).status_code == 200
    check = client.post("/api/v1/checks", headers=auth, data={"text": "Bel 06-12345678", "channel": "website"}).get_json()
    assert check["decision"] == "warn"  # only a warning can be overridden
    assert client.post(f"/api/v1/checks/{check['id']}/override", headers=auth,
                       json={"reason": INJECTION}).status_code == 200
    set_up_admin(client)
    token = csrf(client, "/beheer")
    for path, fields in [("/beheer/intrekken", {"person_id": INJECTION, "channel": INJECTION}),
                         ("/beheer/verwijderen", {"person_id": INJECTION, "confirm": INJECTION}),
                         ("/beheer/verwijderen", {"person_id": "L1001' OR '1'='1", "confirm": "L1001' OR '1'='1"}),
                         ("/beheer/inschrijven", {"person_id": INJECTION,
                                                  "photos": (io.BytesIO(OBAMA.read_bytes()), "a.jpg")})]:
        response = client.post(path, data={"csrf_token": token, **fields}, content_type="multipart/form-data")
        assert response.status_code == 302, path
    tables_intact(data_dir)
    db = raw(data_dir)
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 23  # nobody erased by OR '1'='1'
    assert db.execute("SELECT override_reason FROM audit WHERE check_id = ?", (check["id"],)).fetchone()[0] == INJECTION


def test_a_burst_beyond_the_check_slots_gets_503_with_retry_after(app, client, auth):
    app.config["QUEUE_SECONDS"] = 0.1
    slots = app.extensions["poortwachter.slots"]
    taken = [slots.acquire(timeout=1) for _ in range(app.config["MAX_CONCURRENT_CHECKS"])]
    try:
        response = client.post("/api/v1/checks", headers=auth, data={"text": "Hallo"})
        assert response.status_code == 503 and response.headers["Retry-After"]
        assert response.get_json()["error"]["code"] == "busy"
    finally:
        for _ in filter(None, taken):
            slots.release()
    assert client.post("/api/v1/checks", headers=auth, data={"text": "Hallo"}).status_code == 200
