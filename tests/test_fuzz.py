"""Fuzzing every route: random and malformed requests never give a 500 or a traceback.

A bounded number of cases per route keeps this fast enough for CI; bench/fuzz.py
runs many more. The API routes come from docs/openapi.yaml, the page routes
from the app itself, so a new route is fuzzed without touching this file.
"""
from __future__ import annotations

from tests.fuzz_support import fuzz_everything
from tests.test_pages import csrf, set_up_admin

EXAMPLES_PER_ROUTE = 25


def test_no_route_gives_a_500_or_a_traceback_and_the_service_still_answers(app, client, token, auth):
    set_up_admin(client)
    ran = fuzz_everything(app, client, token, csrf(client, "/beheer"), EXAMPLES_PER_ROUTE)
    print(f"fuzz: {sum(ran.values())} cases over {len(ran)} routes")
    assert all(count > 0 for count in ran.values()), ran
    assert client.get("/api/v1/health", headers=auth).status_code == 200
    assert client.get("/").status_code == 200
