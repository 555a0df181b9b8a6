"""The school server as its users meet it: the officer invites a teacher, the teacher signs in and
pairs an extension, checks go into the audit log under the teacher's name, and only the officer
reads the consent list. Runs on both registry backends, like the rest of the suite.
"""
from __future__ import annotations

import base64
import html
import io
import json
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from PIL import Image

from server import config
from server.registry import Registry
from server.web.accounts import add_account
from server.web.school_server import ServerSettings, TrustedProxy, server_config
from tests.conftest import KNN, TODAY
from tests.test_video_api import clip  # noqa: F401 (a fixture: the musical clip with a child without consent)
from tests.video_support import padded

PUBLIC = "poortwachter.school.test"
OFFICER_PASSWORD = "Kompasroos valt om 7 uur"
TEACHER_PASSWORD = "fietsbel-zandbak-ontbijt"


@pytest.fixture
def server_app(data_dir, faces):
    from server.web.app import create_app

    registry = Registry(config.registry_location(data_dir))
    add_account(registry, "fg", "F. Goossens", "beheerder", OFFICER_PASSWORD, OFFICER_PASSWORD)
    registry.close()
    return create_app({**server_config(data_dir, ServerSettings(PUBLIC)), "TESTING": True,
                       "TODAY": TODAY.isoformat(), "FACE_ANALYZER": faces})


def browser(app) -> FlaskClient:
    class Browser(FlaskClient):
        def open(self, *args, **kwargs):
            kwargs.setdefault("base_url", f"https://{PUBLIC}")
            return super().open(*args, **kwargs)

    app.test_client_class = Browser
    return app.test_client()


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def sign_in(client, username: str, password: str):
    return client.post("/aanmelden", data={"csrf_token": csrf(client, "/aanmelden"), "username": username,
                                           "password": password})


def invite(officer, username: str, name: str) -> str:
    page = officer.post("/beheer/medewerkers", data={"csrf_token": csrf(officer, "/beheer/medewerkers"),
                                                     "username": username, "display_name": name,
                                                     "role": "medewerker"}).get_data(as_text=True)
    return re.search(r'<code id="invite-link">https://[^/]+(/uitnodiging/[^<]+)</code>', page).group(1)


def teacher_token(app, officer, username: str, name: str) -> str:
    """Invitation, password, sign-in, a code on /account, the extension pairs with it."""
    teacher = browser(app)
    link = invite(officer, username, name)
    response = teacher.post(link, data={"csrf_token": csrf(teacher, link), "password": TEACHER_PASSWORD,
                                        "repeat": TEACHER_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account")
    return pair(teacher, name)


def pair(signed_in, name: str) -> str:
    page = signed_in.post("/account/koppelcode", data={"csrf_token": csrf(signed_in, "/account")}).get_data(as_text=True)
    code = re.search(r'id="pairing-code">([^<]+)<', page).group(1)
    paired = signed_in.post("/api/v1/pair", json={"code": code.lower(), "name": "Chromebook"})
    assert paired.status_code == 200 and paired.get_json()["user"] == name
    assert signed_in.post("/api/v1/pair", json={"code": code, "name": "again"}).status_code == 403  # used up
    return paired.get_json()["token"]


def check(client, token: str, photo=KNN / "test/obama1.jpg", **form):
    return client.post("/api/v1/checks", headers={"Authorization": f"Bearer {token}"},
                       data={"images[]": (io.BytesIO(photo.read_bytes()), "foto.jpg"), "channel": "social_media",
                             **form})


def test_a_teacher_is_invited_pairs_and_checks_under_their_own_name(server_app):
    officer = browser(server_app)
    assert sign_in(officer, "fg", OFFICER_PASSWORD).status_code == 302
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    api = browser(server_app)
    verdict = check(api, token).get_json()
    assert verdict["decision"] == "allow"  # Sanne has consent for social media
    registry = Registry(config.registry_location(server_app.config["DATA_DIR"]))
    entry = registry.audit_entries(1)[0]
    registry.close()
    assert entry["check_id"] == verdict["id"] and entry["actor"] == "Anna Visser (Chromebook)"


def test_only_the_officer_reads_the_consent_list_and_audit_log(server_app):
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    first = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    second = teacher_token(server_app, officer, "b.smit", "Bram Smit")
    api = browser(server_app)
    for token in (first, second):
        for path in ("/api/v1/people", "/api/v1/audit"):
            response = api.get(path, headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 403 and response.get_json()["error"]["code"] == "not_officer"
            assert "Vries" not in response.get_data(as_text=True)
    officer_token = pair(officer, "F. Goossens")
    people = api.get("/api/v1/people", headers={"Authorization": f"Bearer {officer_token}"})
    assert people.status_code == 200 and "Sanne de Vries" in people.get_data(as_text=True)
    teacher = browser(server_app)
    sign_in(teacher, "b.smit", TEACHER_PASSWORD)
    assert teacher.get("/beheer").status_code == 403
    assert teacher.get("/beheer/medewerkers").status_code == 403
    assert "Vries" in officer.get("/beheer").get_data(as_text=True)


def unpair_from_account_page(teacher) -> str:
    """The teacher clicks "Ontkoppelen" beside their (only) paired extension on /account; the token's id."""
    page = teacher.get("/account").get_data(as_text=True)
    token_id = re.search(r'action="/account/extensies/([^"/]+)/ontkoppelen"', page).group(1)
    teacher.post(f"/account/extensies/{token_id}/ontkoppelen", data={"csrf_token": csrf(teacher, "/account")})
    return token_id


def test_a_revoked_token_and_a_laptop_token_do_not_work(server_app):
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    teacher = browser(server_app)
    sign_in(teacher, "a.visser", TEACHER_PASSWORD)
    unpair_from_account_page(teacher)
    assert check(browser(server_app), token).status_code == 401
    from server.web.pairing import new_code, redeem

    registry = Registry(config.registry_location(server_app.config["DATA_DIR"]))
    laptop = redeem(registry, new_code(registry), "laptop")
    registry.close()
    assert check(browser(server_app), laptop).status_code == 401


def test_pages_need_sign_in_and_a_wrong_password_is_refused(server_app):
    visitor = browser(server_app)
    response = visitor.get("/")
    assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]
    assert sign_in(visitor, "fg", "fout wachtwoord!").status_code == 401
    assert sign_in(visitor, "niemand", "fout wachtwoord!").status_code == 401
    assert visitor.get("/account").status_code == 302


def test_only_the_public_name_is_answered(server_app):
    assert browser(server_app).get("/aanmelden").status_code == 200
    elsewhere = server_app.test_client().get("/aanmelden", base_url="https://127.0.0.1:8151")
    assert elsewhere.status_code == 403


def test_the_verdict_carries_its_safe_copies_when_asked(server_app):
    """Any server process can answer: a teacher needs no second request to the process that checked."""
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    allowed = check(browser(server_app), token, safe_copies="inline").get_json()
    assert allowed["decision"] == "allow" and "safe_copies" not in allowed  # goes out as it is
    verdict = check(browser(server_app), token, photo=KNN / "test/obama_and_biden.jpg", safe_copies="inline").get_json()
    assert verdict["decision"] == "block"
    copy, = verdict["safe_copies"]
    image = Image.open(io.BytesIO(base64.b64decode(copy["jpeg_base64"])))
    assert copy["image"] == 0 and image.format == "JPEG"
    # Without the inline copy there is nothing held in one process to fetch later.
    assert browser(server_app).get(f"/api/v1/checks/{verdict['id']}/images/0/safe",
                                   headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_forwarded_headers_count_only_from_the_trusted_proxy():
    seen = {}

    def app(environ, start_response):
        seen.update(addr=environ["REMOTE_ADDR"], scheme=environ["wsgi.url_scheme"])
        return []

    guarded = TrustedProxy(app, "10.0.0.5")
    forwarded = {"HTTP_X_FORWARDED_FOR": "192.168.1.20", "HTTP_X_FORWARDED_PROTO": "https", "wsgi.url_scheme": "http"}
    guarded({"REMOTE_ADDR": "10.0.0.5", **forwarded}, None)
    assert seen == {"addr": "192.168.1.20", "scheme": "https"}
    guarded({"REMOTE_ADDR": "10.0.0.9", **forwarded}, None)
    assert seen == {"addr": "10.0.0.9", "scheme": "http"}


class Served:
    """`poortwachter serve --server` running: gunicorn's master and `workers` gate processes."""

    def __init__(self, data_dir: Path, workers: int = 2) -> None:
        import socket
        import subprocess
        import sys

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        with open(data_dir / config.SETTINGS_FILE, "a", encoding="utf-8") as settings:
            settings.write(f'public_name = "{PUBLIC}"\nbind = "127.0.0.1:{self.port}"\nworkers = {workers}\n')
        self.workers = workers
        self.process = subprocess.Popen([str(Path(sys.executable).parent / "poortwachter"), "--data-dir",
                                         str(data_dir), "serve", "--server"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def request(self, path: str, host: str = PUBLIC, headers: dict | None = None, body: str | bytes | None = None,
                timeout: float = 60):
        """(status, Set-Cookie, body) over a new connection, which either process may accept."""
        import http.client

        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        connection.request("POST" if body is not None else "GET", path, body=body,
                           headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie"), response.read()

    def children(self) -> set[str]:
        return set(Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split())

    def output(self) -> str:
        """What the server said; reading its stderr waits for it to end, so end it first."""
        if self.process.poll() is None:
            self.process.kill()
        return self.process.stderr.read().decode()[-2000:]

    def wait_until_ready(self, deadline: float, old: set[str] = frozenset()) -> None:
        """Answering, with all its workers (none of `old`) forked. gunicorn forks them one after the
        other; under load the first may answer before the second exists. A worker that keeps
        failing would never make them all, and the deadline says so."""
        import time

        while True:
            try:
                if self.request("/aanmelden")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and self.process.poll() is None, self.output()
            time.sleep(0.5)
        while len(self.children() - old) != self.workers or self.children() & old:
            assert time.monotonic() < deadline and self.process.poll() is None, self.output()
            time.sleep(0.5)

    def stop(self) -> None:
        import signal

        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def multipart(fields: dict) -> tuple[bytes, str]:
    """A multipart/form-data body: str values as fields, (name, bytes) as files."""
    import secrets

    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        if isinstance(value, tuple):
            head = f'Content-Disposition: form-data; name="{name}"; filename="{value[0]}"\r\n' \
                   "Content-Type: application/octet-stream"
            data = value[1]
        else:
            head, data = f'Content-Disposition: form-data; name="{name}"', value.encode()
        parts.append(f"--{boundary}\r\n{head}\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_serve_server_runs_several_processes_that_share_sign_in(data_dir):
    """The real `poortwachter serve --server`: gunicorn with two gate processes; a session made by one
    process is honoured by the other, and only the public name is answered."""
    import time
    from urllib.parse import quote_plus

    registry = Registry(config.registry_location(data_dir))
    add_account(registry, "fg", "F. Goossens", "beheerder", OFFICER_PASSWORD, OFFICER_PASSWORD)
    registry.close()
    server = Served(data_dir)
    try:
        server.wait_until_ready(time.monotonic() + 240)
        assert server.request("/aanmelden", host=f"127.0.0.1:{server.port}")[0] == 403
        status, cookie, page = server.request("/aanmelden")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.decode()).group(1)
        session = cookie.split(";")[0]
        status, cookie, _ = server.request(
            "/aanmelden", headers={"Cookie": session, "Content-Type": "application/x-www-form-urlencoded"},
            body=f"csrf_token={token}&username=fg&password={quote_plus(OFFICER_PASSWORD)}")
        assert status == 302
        session = cookie.split(";")[0]
        # Each request is a new connection, which either process may accept: both know the officer.
        assert all(server.request("/account", headers={"Cookie": session})[0] == 200 for _ in range(12))
    finally:
        server.stop()


def test_serve_server_makes_a_video_safe_copy_in_a_process_that_did_not_check_it(data_dir, clip):
    """The check in one gate process; then gunicorn replaces every process (SIGHUP), and the new
    ones, holding nothing of the check, make the safe copy from the verdict's plan and the video.
    The video is 70 MB: over the laptop's 64 MB a request, it comes whole all the same."""
    import datetime as dt
    import secrets
    import signal
    import time

    from server.web.accounts import sha256
    from tests.test_video import people

    registry = Registry(config.registry_location(data_dir))
    user = add_account(registry, "a.visser", "Anna Visser", "medewerker", TEACHER_PASSWORD, TEACHER_PASSWORD)
    token = secrets.token_urlsafe(32)
    registry.add_user_token(sha256(token), "Chromebook", user.id, dt.datetime.now().isoformat())
    registry.close()
    auth = {"Authorization": f"Bearer {token}"}
    clip = padded(clip, 70 * 2**20)
    server = Served(data_dir)
    try:
        deadline = time.monotonic() + 480
        server.wait_until_ready(deadline)
        status, _, limits = server.request("/api/v1/limits", headers=auth)
        assert status == 200 and json.loads(limits)["whole_video_bytes"] == 500 * 2**20
        body, kind = multipart({"videos[]": ("musical.mp4", clip), "safe_copies": "inline"})
        status, _, answer = server.request("/api/v1/checks", headers={**auth, "Content-Type": kind}, body=body,
                                           timeout=300)
        verdict = json.loads(answer)
        assert status == 200 and people(verdict) == {"L1001": "consented", "L1002": "no_consent"}, verdict
        checked_by = server.children()
        server.process.send_signal(signal.SIGHUP)  # new workers; the old ones, and what they hold, go
        server.wait_until_ready(deadline, old=checked_by)
        url = f"/api/v1/checks/{verdict['id']}/videos/0/safe"
        assert server.request(url, headers=auth)[0] == 404  # no process holds the check's copy any more
        body, kind = multipart({"videos[]": ("musical.mp4", clip), "safe_plan": verdict["videos"][0]["safe_plan"]})
        for _ in range(3):  # new connections: either new process may answer, each makes the copy
            status, _, copy = server.request(url, headers={**auth, "Content-Type": kind}, body=body, timeout=300)
            assert status == 200 and copy[4:8] == b"ftyp", copy[:300]
    finally:
        server.stop()


def test_guessing_a_password_is_slowed_down_and_a_weak_password_is_refused(server_app):
    guesser = browser(server_app)
    answers = [sign_in(guesser, "fg", f"fout wachtwoord {i}") for i in range(5)]
    assert [a.status_code for a in answers[:3]] == [401, 401, 401]
    assert answers[-1].status_code == 429 and int(answers[-1].headers["Retry-After"]) > 0
    # The account is slowed down too, from any address: the right password now waits as well.
    elsewhere = server_app.test_client()
    response = elsewhere.post("/aanmelden", base_url=f"https://{PUBLIC}", environ_base={"REMOTE_ADDR": "10.1.1.1"},
                              data={"csrf_token": csrf(browser(server_app), "/aanmelden"), "username": "fg",
                                    "password": OFFICER_PASSWORD})
    assert response.status_code in (400, 429)  # 400: the CSRF token was another browser's; never a sign-in
    officer = browser(server_app)
    registry = Registry(config.registry_location(server_app.config["DATA_DIR"]))
    from server.auth.passwords import PasswordError

    with pytest.raises(PasswordError, match="te makkelijk te raden"):
        add_account(registry, "b.smit", "Bram Smit", "medewerker", "welkom01welkom", "welkom01welkom")
    registry.close()
    assert officer.get("/account").status_code == 302


def test_sign_out_and_a_new_password_end_sessions(server_app):
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    laptop, phone = browser(server_app), browser(server_app)
    for teacher in (laptop, phone):
        assert sign_in(teacher, "a.visser", TEACHER_PASSWORD).status_code == 302
        assert teacher.get("/account").status_code == 200
    copied = browser(server_app)
    name = server_app.config["SESSION_COOKIE_NAME"]
    copied.set_cookie(name, laptop.get_cookie(name, domain=PUBLIC).value, domain=PUBLIC)
    assert copied.get("/account").status_code == 200
    laptop.post("/afmelden", data={"csrf_token": csrf(laptop, "/account")})
    assert laptop.get("/account").status_code == 302 and copied.get("/account").status_code == 302
    new = "zeilboot-regenjas-kapstok"
    changed = phone.post("/account/wachtwoord", data={"csrf_token": csrf(phone, "/account"), "current": TEACHER_PASSWORD,
                                                      "password": new, "repeat": new})
    assert changed.status_code == 200 and "wachtwoord is gewijzigd" in changed.get_data(as_text=True)
    assert phone.get("/account").status_code == 200  # this browser stays signed in
    other = browser(server_app)
    assert sign_in(other, "a.visser", TEACHER_PASSWORD).status_code == 401
    assert sign_in(other, "a.visser", new).status_code == 302
    assert check(browser(server_app), token).status_code == 200  # the extension's token is not a session


def test_the_audit_log_names_the_teacher_who_overrode(server_app):
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    api = browser(server_app)
    verdict = check(api, token, photo=KNN / "test/obama1.jpg", text="Bel Sanne op 06-12345678").get_json()
    assert verdict["decision"] == "warn", verdict["decision"]
    assert api.post(f"/api/v1/checks/{verdict['id']}/override", headers={"Authorization": f"Bearer {token}"},
                    json={"reason": "ouders gaven mondeling toestemming"}).status_code == 200
    page = officer.get("/beheer/auditlog").get_data(as_text=True)
    assert "Anna Visser (Chromebook)" in page and "door Anna Visser (Chromebook)" in page


def second_host(server_app, tmp_path, faces):
    """Another host behind the same proxy: its own data directory and processes, the same database."""
    import shutil

    from server.web.app import create_app

    data_dir = tmp_path / "host2"
    data_dir.mkdir()
    shutil.copy(Path(server_app.config["DATA_DIR"]) / "school.toml", data_dir / "school.toml")
    location = config.registry_location(Path(server_app.config["DATA_DIR"]))
    (data_dir / config.SETTINGS_FILE).write_text(f'database_url = "{location}"\n', encoding="utf-8")
    return create_app({**server_config(data_dir, ServerSettings(PUBLIC)), "TESTING": True,
                       "TODAY": TODAY.isoformat(), "FACE_ANALYZER": faces})


def test_two_hosts_on_one_database_share_sessions_and_sign_out_ends_them_everywhere(server_app, tmp_path, faces):
    other = second_host(server_app, tmp_path, faces)
    name = server_app.config["SESSION_COOKIE_NAME"]
    here = browser(server_app)
    assert sign_in(here, "fg", OFFICER_PASSWORD).status_code == 302
    there = browser(other)
    there.set_cookie(name, here.get_cookie(name, domain=PUBLIC).value, domain=PUBLIC)
    assert there.get("/account").status_code == 200  # the sign-in made on one host counts on the other
    # A form from one host is accepted by the other: both sign its CSRF token with the same key.
    token = teacher_token(other, here, "a.visser", "Anna Visser")
    assert check(browser(other), token).status_code == 200
    assert there.post("/afmelden", data={"csrf_token": csrf(here, "/account")}).status_code == 302
    assert here.get("/account").status_code == 302  # signed out on the other host: gone here too
    for data_dir in (server_app.config["DATA_DIR"], other.config["DATA_DIR"]):
        assert not (Path(data_dir) / "sessies").exists()


def test_a_new_password_on_one_host_ends_the_sessions_on_the_other(server_app, tmp_path, faces):
    other = second_host(server_app, tmp_path, faces)
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    teacher_token(server_app, officer, "a.visser", "Anna Visser")
    laptop, phone = browser(server_app), browser(other)
    for teacher in (laptop, phone):
        assert sign_in(teacher, "a.visser", TEACHER_PASSWORD).status_code == 302
    new = "zeilboot-regenjas-kapstok"
    assert phone.post("/account/wachtwoord", data={"csrf_token": csrf(phone, "/account"), "current": TEACHER_PASSWORD,
                                                   "password": new, "repeat": new}).status_code == 200
    assert laptop.get("/account").status_code == 302 and phone.get("/account").status_code == 200


def test_a_guesser_gets_the_free_tries_once_however_many_processes_answer(server_app, tmp_path, faces):
    """Each host (or gunicorn process) answers every other try: the back-off counts them all."""
    hosts = [browser(server_app), browser(second_host(server_app, tmp_path, faces))]
    answers = [sign_in(hosts[i % 2], "fg", f"fout wachtwoord {i}").status_code for i in range(5)]
    assert answers == [401, 401, 401, 401, 429]


def test_unpairing_and_removing_an_account_are_in_the_audit_log_by_name(server_app):
    """The officer reads who unpaired which browser and who removed which account, on the page and the CLI."""
    from click.testing import CliRunner

    from server.cli.cli import main

    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    teacher = browser(server_app)
    sign_in(teacher, "a.visser", TEACHER_PASSWORD)
    token_id = unpair_from_account_page(teacher)
    assert check(browser(server_app), token).status_code == 401
    teacher_token(server_app, officer, "b.smit", "Bram Smit")
    staff = officer.get("/beheer/medewerkers").get_data(as_text=True)
    remove = re.search(r'<tr><td>b\.smit</td>.*?action="(/beheer/medewerkers/\d+/verwijderen)"', staff, re.S)
    officer.post(remove.group(1), data={"csrf_token": csrf(officer, "/beheer/medewerkers")})
    assert "Bram Smit" not in officer.get("/beheer/medewerkers").get_data(as_text=True)
    page = html.unescape(officer.get("/beheer/auditlog").get_data(as_text=True))
    cli = CliRunner().invoke(main, ["--data-dir", server_app.config["DATA_DIR"], "audit"]).output
    for log in (page, cli):
        assert "extensie ontkoppeld" in log and "extensie 'Chromebook'" in log
        assert token_id not in log  # the token's id says nothing to a reader
        assert "account verwijderd" in log and "Bram Smit (medewerker, b.smit); 1 gekoppelde extensie(s) ontkoppeld" in log
        assert "F. Goossens" in log  # who removed it


def test_a_video_safe_copy_comes_from_any_process_with_the_verdicts_plan(server_app, tmp_path, faces, clip):
    """The check on one gate process, the safe copy from another that holds nothing of it."""
    from tests.test_video import people
    from tests.video_support import tags

    video = clip
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    auth = {"Authorization": f"Bearer {token}"}
    verdict = browser(server_app).post("/api/v1/checks", headers=auth, data={
        "videos[]": [(io.BytesIO(video), "musical.mp4")], "safe_copies": "inline"}).get_json()
    assert people(verdict) == {"L1001": "consented", "L1002": "no_consent"}
    plan = verdict["videos"][0]["safe_plan"]
    other = browser(second_host(server_app, tmp_path, faces))
    url = f"/api/v1/checks/{verdict['id']}/videos/0/safe"
    assert other.get(url, headers=auth).status_code == 404  # the copy held by the checking process
    safe = other.post(url, headers=auth, data={"videos[]": [(io.BytesIO(video), "musical.mp4")], "safe_plan": plan})
    assert safe.status_code == 200 and safe.mimetype == "video/mp4"
    body = safe.get_data()
    assert not {"location", "make"} & set(tags(body))
    again = other.post("/api/v1/checks", headers=auth, data={"videos[]": [(io.BytesIO(body), "veilig.mp4")]})
    assert "L1002" not in people(again.get_json())  # the child without consent is blurred away
    # The plan opens only the checked video: another one, or an altered plan, gets no copy.
    wrong = other.post(url, headers=auth, data={"videos[]": [(io.BytesIO(body), "ander.mp4")], "safe_plan": plan})
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "not_the_checked_video"
    forged = other.post(url, headers=auth, data={"videos[]": [(io.BytesIO(video), "musical.mp4")],
                                                 "safe_plan": plan[:-3] + ("AAA" if plan[-3:] != "AAA" else "BBB")})
    assert forged.status_code == 400 and forged.get_json()["error"]["code"] == "bad_plan"
    elsewhere = other.post(url.replace("/0/", "/1/"), headers=auth,
                           data={"videos[]": [(io.BytesIO(video), "musical.mp4")], "safe_plan": plan})
    assert elsewhere.status_code == 400


def test_the_server_takes_a_video_whole_and_refuses_chunks_that_other_processes_would_not_see(server_app):
    """On the school server a video up to the school's limit goes whole in the check request:
    /limits says so, the request limit holds it, and /uploads (chunks held by one process) is refused."""
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    auth = {"Authorization": f"Bearer {token}"}
    api = browser(server_app)
    limits = api.get("/api/v1/limits", headers=auth).get_json()
    assert limits == {"whole_video_bytes": 500 * 2**20, "video_bytes": 500 * 2**20}
    assert server_app.config["MAX_CONTENT_LENGTH"] == 564 * 2**20
    refused = api.post("/api/v1/uploads", headers=auth, json={"size": 80 * 2**20, "name": "musical.mp4"})
    assert refused.status_code == 413 and "apart" in refused.get_json()["error"]["message"]
    assert api.get("/api/v1/limits").status_code == 401  # only for a paired extension


def test_a_second_big_body_in_one_process_waits_its_turn_unread(server_app):
    """One body over 64 MB per process at a time: another gets 503 busy with Retry-After before it is read."""
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    reading = server_app.extensions["poortwachter.big_body"]
    assert reading.acquire(blocking=False)  # another request is reading its big video
    try:
        answer = browser(server_app).post("/api/v1/checks", headers={"Authorization": f"Bearer {token}"},
                                          data={"videos[]": (io.BytesIO(bytes(65 * 2**20)), "groot.mp4")})
        assert answer.status_code == 503 and answer.get_json()["error"]["code"] == "busy"
        assert int(answer.headers["Retry-After"]) > 0
        assert check(browser(server_app), token).status_code == 200  # a photo is read beside it as ever
    finally:
        reading.release()


def test_a_chunked_body_that_does_not_say_its_size_waits_its_turn_like_a_big_one(server_app):
    """A body sent chunked (no Content-Length; gunicorn reads those, Caddy passes them on) may be as
    big as the limit: it takes the one big-body place too, or several would be read side by side."""
    officer = browser(server_app)
    sign_in(officer, "fg", OFFICER_PASSWORD)
    token = teacher_token(server_app, officer, "a.visser", "Anna Visser")
    reading = server_app.extensions["poortwachter.big_body"]
    assert reading.acquire(blocking=False)  # another request is reading its big video
    try:
        body = io.BytesIO(b"--x\r\nContent-Disposition: form-data; name=\"channel\"\r\n\r\nsocial_media\r\n--x--\r\n")
        answer = browser(server_app).post(
            "/api/v1/checks", input_stream=body, content_type="multipart/form-data; boundary=x",
            headers={"Authorization": f"Bearer {token}", "Transfer-Encoding": "chunked"},
            environ_overrides={"wsgi.input_terminated": True})
        assert answer.status_code == 503 and answer.get_json()["error"]["code"] == "busy"
    finally:
        reading.release()


def test_a_laptop_takes_48_mb_of_video_whole_and_the_rest_in_chunks(client, auth):
    assert client.get("/api/v1/limits", headers=auth).get_json() == {"whole_video_bytes": 48 * 2**20,
                                                                     "video_bytes": 500 * 2**20}
