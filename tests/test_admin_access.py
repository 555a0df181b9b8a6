"""Who may open the pages and the admin area: the link `serve` printed, then the password."""
from __future__ import annotations

import re
import time

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from server.cli.cli import main
from tests.test_pages import PASSWORD, csrf, set_up_admin

NEW_PASSWORD = "kastanje fiets lantaarn"


class LocalClient(FlaskClient):
    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", "http://127.0.0.1:5151")
        return super().open(*args, **kwargs)


def fresh(app):
    """Another browser (or another local user) on the same computer."""
    return LocalClient(app, app.response_class, use_cookies=True)


@pytest.mark.parametrize("path", ["/", "/beheer", "/beheer/instellen", "/beheer/inloggen", "/veilig/c_x/0"])
def test_without_the_link_every_page_asks_for_the_token(app, path):
    response = fresh(app).get(path)
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert 'name="page_token"' in html and "L1002" not in html and "koppelcode" not in html.lower()


def test_the_link_opens_the_pages_and_leaves_the_address(app):
    client = fresh(app)
    assert client.get("/?token=verzonnen").status_code == 403
    response = client.get(f"/beheer?token={app.config['PAGE_TOKEN']}")
    assert response.status_code == 302 and response.headers["Location"] == "/beheer"
    assert client.get("/").status_code == 200
    # Pasting the token in the form works as well.
    other = fresh(app)
    page = other.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert other.post("/", data={"csrf_token": token, "page_token": app.config["PAGE_TOKEN"]}).status_code == 302
    assert other.get("/").status_code == 200


def test_the_first_password_cannot_be_set_without_the_link(app, data_dir):
    client = fresh(app)
    response = client.post("/beheer/instellen", data={"password": PASSWORD, "repeat": PASSWORD})
    assert response.status_code in (400, 401) and not (data_dir / "admin_password").exists()


def test_admin_password_on_the_command_line(data_dir):
    runner = CliRunner()
    weak = runner.invoke(main, ["--data-dir", str(data_dir), "admin", "password"], input="wachtwoord123\nwachtwoord123\n")
    assert weak.exit_code == 3 and "te makkelijk" in weak.output
    assert not (data_dir / "admin_password").exists()
    done = runner.invoke(main, ["--data-dir", str(data_dir), "admin", "password"],
                         input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert done.exit_code == 0, done.output
    assert (data_dir / "admin_password").read_text().startswith("$argon2id$")
    assert NEW_PASSWORD not in done.output
    again = runner.invoke(main, ["--data-dir", str(data_dir), "admin", "password"],
                          input=f"{NEW_PASSWORD} 2\n{NEW_PASSWORD} 2\n")
    assert again.exit_code == 0, again.output
    audit = runner.invoke(main, ["--data-dir", str(data_dir), "audit"]).output
    assert "beheerwachtwoord ingesteld: het eerste wachtwoord" in audit  # the refused weak one is not logged
    assert "beheerwachtwoord ingesteld: gewijzigd; eerdere aanmeldingen zijn beëindigd" in audit
    assert audit.count("beheerwachtwoord") == 2 and NEW_PASSWORD not in audit


def test_a_common_password_is_refused_on_the_page(client, data_dir):
    token = csrf(client, "/beheer/instellen")
    response = client.post("/beheer/instellen", data={"csrf_token": token, "password": "welkom2026!",
                                                      "repeat": "welkom2026!"})
    assert response.status_code == 400 and "te makkelijk" in response.get_data(as_text=True)
    assert not (data_dir / "admin_password").exists()


def test_failed_logins_back_off_per_client_without_sleeping(client, monkeypatch):
    set_up_admin(client)
    client.post("/beheer/uitloggen", data={"csrf_token": csrf(client, "/beheer")})
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail("a server thread was made to wait"))
    token = csrf(client, "/beheer/inloggen")
    statuses = [client.post("/beheer/inloggen", data={"csrf_token": token, "password": f"fout {n}"}).status_code
                for n in range(4)]
    assert statuses == [403, 403, 403, 429]
    locked = client.post("/beheer/inloggen", data={"csrf_token": token, "password": PASSWORD})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0  # even the right one waits
    assert "Probeer het over" in locked.get_data(as_text=True)


def test_logout_ends_the_session_for_a_copied_cookie_too(app, client):
    set_up_admin(client)
    stolen = client.get_cookie("session", domain="127.0.0.1").value
    thief = fresh(app)
    thief.set_cookie("session", stolen, domain="127.0.0.1")
    assert thief.get("/beheer").status_code == 200  # a copied cookie works while the session lives...
    client.post("/beheer/uitloggen", data={"csrf_token": csrf(client, "/beheer")})
    assert thief.get("/beheer").status_code != 200  # ...and not after the officer signed out
    assert client.get("/beheer").headers["Location"].endswith("/beheer/inloggen")


def test_changing_the_password_ends_other_sessions(app, client):
    set_up_admin(client)
    other = fresh(app)
    other.get(f"/?token={app.config['PAGE_TOKEN']}")
    login = csrf(other, "/beheer/inloggen")
    assert other.post("/beheer/inloggen", data={"csrf_token": login, "password": PASSWORD}).status_code == 302
    token = csrf(client, "/beheer/wachtwoord")
    wrong = client.post("/beheer/wachtwoord", data={"csrf_token": token, "current": "fout fout fout",
                                                    "password": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert wrong.status_code == 403
    done = client.post("/beheer/wachtwoord", data={"csrf_token": token, "current": PASSWORD,
                                                   "password": NEW_PASSWORD, "repeat": NEW_PASSWORD},
                       follow_redirects=True)
    assert "gewijzigd" in done.get_data(as_text=True)
    assert client.get("/beheer").status_code == 200
    assert other.get("/beheer").headers["Location"].endswith("/beheer/inloggen")
    audit = client.get("/beheer/auditlog").get_data(as_text=True)
    events = re.findall(r"<td>beheer \([^)]*\)</td><td>beheerwachtwoord ingesteld</td>\s*<td>([^<]*)</td>", audit)
    assert events == ["gewijzigd; eerdere aanmeldingen zijn beëindigd", "het eerste wachtwoord"]  # newest first


def test_flash_messages_stay_on_the_server(client):
    set_up_admin(client)
    token = csrf(client, "/beheer")
    response = client.post("/beheer/intrekken", data={"csrf_token": token, "person_id": "L1002", "channel": ""})
    cookie = client.get_cookie("session", domain="127.0.0.1").value
    assert "Daan" not in cookie and "." not in cookie  # an id, not a signed payload
    assert response.status_code == 302
    assert "Daan Bakker" in client.get("/beheer").get_data(as_text=True)
