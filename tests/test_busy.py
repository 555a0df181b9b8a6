"""Under load the wait is bounded from the request's arrival, on the real server with serve's options."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from server.cli.cli_serve import CONNECTION_LIMIT
from tests.test_at_rest import Served

QUEUE_SECONDS = 3
CHECK_SECONDS = 12


@pytest.fixture
def slow_served(app, auth, monkeypatch):
    """One check slot and a gate that takes CHECK_SECONDS: everyone else must get a timely 503."""
    app.config.update(QUEUE_SECONDS=QUEUE_SECONDS)
    slots = app.extensions["poortwachter.slots"]
    for _ in range(app.config["MAX_CONCURRENT_CHECKS"] - 1):
        slots.acquire()
    gate = app.extensions["poortwachter.gate"]
    real_check = gate.check

    def slow_check(*args, **kwargs):
        time.sleep(CHECK_SECONDS)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(gate, "check", slow_check)
    served = Served(app)
    yield served
    served.close()


def post_text(served, auth, results: list) -> None:
    started = time.monotonic()
    body = "--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nHallo\r\n--b--\r\n"
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=120)
    connection.request("POST", "/api/v1/checks", body=body, headers={
        **auth, "Content-Type": "multipart/form-data; boundary=b", "Host": f"127.0.0.1:{served.port}"})
    response = connection.getresponse()
    results.append((response.status, time.monotonic() - started, response.getheader("Retry-After"),
                    response.read()))


def test_every_client_beyond_the_slots_hears_503_within_the_queue_time(slow_served, auth):
    results: list = []
    clients = [threading.Thread(target=post_text, args=(slow_served, auth, results))
               for _ in range(CONNECTION_LIMIT)]
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    busy = [r for r in results if r[0] == 503]
    assert len(busy) == CONNECTION_LIMIT - 1, [r[:2] for r in results]
    assert all(retry and json.loads(body)["error"]["code"] == "busy" for _, _, retry, body in busy)
    # Before: waitress queued requests beyond its 6 threads, and the slot's clock started only then.
    assert max(seconds for _, seconds, _, _ in busy) < QUEUE_SECONDS + 2.5, [r[:2] for r in results]


def test_a_half_sent_request_holds_no_check_slot(auth, app):
    app.config.update(QUEUE_SECONDS=QUEUE_SECONDS)
    slots = app.extensions["poortwachter.slots"]
    for _ in range(app.config["MAX_CONCURRENT_CHECKS"] - 1):
        slots.acquire()
    served = Served(app)
    try:
        stalled = socket.create_connection(("127.0.0.1", served.port))
        stalled.sendall(f"POST /api/v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
                        f"Authorization: {auth['Authorization']}\r\n"
                        "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n"
                        .encode())
        results: list = []
        post_text(served, auth, results)
        assert results[0][0] == 200  # the one slot was free: the half request never got it
        stalled.close()
    finally:
        served.close()
