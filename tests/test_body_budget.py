"""Request bodies count against one byte budget before waitress reads them (`serve`'s server).

Twelve connections each sending 64 MB would have held 768 MB: a body that does not fit
beside those being handled is answered 503 `busy` with Retry-After and never held."""
from __future__ import annotations

import http.client
import socket
import time

import pytest

from detectors.working_memory import Budget
from server.web import body_budget
from tests.test_at_rest import Served, multipart

MB = 1024 * 1024


@pytest.fixture
def served(app, auth, monkeypatch):  # auth first: the test client pairs before the Host is pinned
    monkeypatch.setattr(body_budget, "_bodies", Budget(8 * MB))
    checked = []
    gate = app.extensions["poortwachter.gate"]
    original = gate.check
    monkeypatch.setattr(gate, "check", lambda *a, **k: checked.append(1) or original(*a, **k))
    server = Served(app)
    server.checked = checked
    yield server
    server.close()


def wait_until(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def half_sent(served, auth, size: int) -> socket.socket:
    """A connection that sent its headers and part of a body of `size` bytes."""
    headers = "".join(f"{k}: {v}\r\n" for k, v in auth.items())
    client = socket.create_connection(("127.0.0.1", served.port))
    client.sendall(f"POST /api/v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n{headers}"
                   f"Content-Type: application/octet-stream\r\nContent-Length: {size}\r\n\r\n".encode()
                   + b"x" * (size // 3))
    return client


def test_a_body_that_does_not_fit_beside_another_is_503_busy_and_never_reaches_the_check(served, auth):
    first = half_sent(served, auth, 3 * MB)
    assert wait_until(lambda: body_budget.free_bytes() == 2 * MB)  # two copies of 3 MB held
    body, kind = multipart({"channel": "social_media"}, [("images[]", "groot.jpg", b"\xff\xd8" + b"x" * (2 * MB))])
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    connection.request("POST", "/api/v1/checks", body=body, headers={**auth, "Content-Type": kind})
    response = connection.getresponse()
    answer = response.read()
    assert response.status == 503 and response.getheader("Retry-After")
    assert b'"code": "busy"' in answer and "opnieuw".encode() in answer
    assert served.checked == []
    assert body_budget.free_bytes() == 2 * MB  # the refused body held nothing
    first.close()
    assert wait_until(lambda: body_budget.free_bytes() == 8 * MB)
    # Once there is room, a check is read and judged as before.
    text, kind = multipart({"channel": "social_media", "text": "Hallo allemaal"}, [])
    status, _ = served.request("POST", "/api/v1/checks", text, {**auth, "Content-Type": kind})
    assert status == 200 and served.checked == [1]
    assert wait_until(lambda: body_budget.free_bytes() == 8 * MB)


def test_a_body_cut_off_halfway_gives_its_bytes_back(served, auth):
    client = half_sent(served, auth, 3 * MB)
    assert wait_until(lambda: body_budget.free_bytes() == 2 * MB)
    client.close()
    assert wait_until(lambda: body_budget.free_bytes() == 8 * MB)
