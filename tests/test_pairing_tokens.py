"""Pairing tries that count, tokens bound to the extension that paired, listed and revoked."""
from __future__ import annotations

import re
import threading

from click.testing import CliRunner

from server import config
from server.cli.cli import main
from server.registry import Registry
from server.web.pairing import MAX_ATTEMPTS, PairingError, new_code, redeem
from tests.test_pages import csrf, set_up_admin

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
OTHER_EXTENSION = "chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba"


def fresh_code(app) -> str:
    from server.web.context import registry

    with app.app_context():
        return new_code(registry())


def test_bodies_that_are_no_json_request_do_not_use_up_the_code(app, client):
    code = fresh_code(app)
    for kwargs in ({}, {"data": "code=000000", "content_type": "application/x-www-form-urlencoded"},
                   {"data": '{"code": "000000"}', "content_type": "text/plain"},
                   {"data": "{kapot", "content_type": "application/json"}, {"json": ["000000"]},
                   {"json": {"code": 123}}) * 2:
        assert client.post("/api/v1/pair", headers={"Origin": "https://evil.example"}, **kwargs).status_code == 400
    assert client.post("/api/v1/pair", json={"code": code}).status_code == 200


def test_concurrent_guesses_get_no_more_than_the_allowed_tries(data_dir, registry):
    new_code(registry)
    wrong_tries = []
    start = threading.Barrier(20)

    def guess():
        own = Registry(config.registry_location(data_dir))  # one connection per guesser, as per request
        start.wait()
        try:
            redeem(own, "999999x", "gok")
        except PairingError as error:
            if "klopt niet" in str(error):  # the code was really compared
                wrong_tries.append(1)
        finally:
            own.close()

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(wrong_tries) == MAX_ATTEMPTS


def test_a_token_works_only_from_the_extension_that_paired(app, client):
    code = fresh_code(app)
    token = client.post("/api/v1/pair", json={"code": code, "name": "Chrome"},
                        headers={"Origin": EXTENSION}).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/health", headers={**bearer, "Origin": EXTENSION}).status_code == 200
    assert client.get("/api/v1/health", headers={**bearer, "Origin": OTHER_EXTENSION}).status_code == 401
    assert client.get("/api/v1/health", headers={**bearer, "Origin": "https://evil.example"}).status_code == 401
    assert client.get("/api/v1/health", headers=bearer).status_code == 200  # no browser: the CLI, a script
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    assert "Access-Control-Allow-Origin" in client.options(
        "/api/v1/checks", headers={**preflight, "Origin": EXTENSION}).headers
    refused = client.options("/api/v1/checks", headers={**preflight, "Origin": OTHER_EXTENSION})
    assert refused.status_code == 403


def test_paired_extensions_are_listed_and_revoked_on_the_command_line(app, client, data_dir):
    token = client.post("/api/v1/pair", json={"code": fresh_code(app), "name": "Chrome van juf Anna"},
                        headers={"Origin": EXTENSION}).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}", "Origin": EXTENSION}
    assert client.get("/api/v1/health", headers=bearer).status_code == 200
    runner = CliRunner()
    listed = runner.invoke(main, ["--data-dir", str(data_dir), "pair", "--list"])
    assert listed.exit_code == 0 and "Chrome van juf Anna" in listed.output and token not in listed.output
    line = next(line for line in listed.output.splitlines() if "juf Anna" in line)
    token_id = line.split()[0]
    assert "laatst gebruikt 20" in line  # the day it was last used
    assert runner.invoke(main, ["--data-dir", str(data_dir), "pair", "--revoke", token_id]).exit_code == 0
    assert client.get("/api/v1/health", headers=bearer).status_code == 401
    again = runner.invoke(main, ["--data-dir", str(data_dir), "pair", "--revoke", token_id])
    assert again.exit_code == 3 and "Geen gekoppelde extensie" in again.output
    audit = runner.invoke(main, ["--data-dir", str(data_dir), "audit"]).output
    assert "extensie ontkoppeld: extensie 'Chrome van juf Anna'" in audit
    assert audit.count("extensie ontkoppeld") == 1  # the second, refused --revoke unpaired nothing


def test_paired_extensions_are_listed_and_revoked_in_beheer(app, client):
    token = client.post("/api/v1/pair", json={"code": fresh_code(app), "name": "Chrome van meester Bas"},
                        headers={"Origin": EXTENSION}).get_json()["token"]
    set_up_admin(client)
    page = client.get("/beheer").get_data(as_text=True)
    assert "Chrome van meester Bas" in page and "Ontkoppelen" in page and token not in page
    token_id = page.split('data-token="')[1].split('"')[0]
    response = client.post("/beheer/ontkoppelen", data={"csrf_token": csrf(client, "/beheer"), "token_id": token_id},
                           follow_redirects=True)
    assert "Chrome van meester Bas&#39; is ontkoppeld" in response.get_data(as_text=True)
    assert client.get("/api/v1/health", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    audit = client.get("/beheer/auditlog").get_data(as_text=True)
    assert re.search(r"<td>beheer \([^)]*\)</td><td>extensie ontkoppeld</td>\s*<td>extensie &#39;Chrome van meester "
                     r"Bas&#39;</td>", audit), audit
