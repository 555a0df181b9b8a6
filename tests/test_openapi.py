"""docs/openapi.yaml and the app's /api/v1 routes describe the same API."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

SPEC = yaml.safe_load((Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml").read_text())


def app_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def test_every_route_is_documented_and_every_documented_route_exists(app):
    documented = {(path, method) for path, item in SPEC["paths"].items() for method in item}
    assert app_routes(app) == documented


def test_verdict_schema_lists_every_face_status():
    statuses = SPEC["components"]["schemas"]["Verdict"]["properties"]["findings"]["items"]["properties"]["status"]["enum"]
    assert set(statuses) == {"consented", "no_consent", "expired", "withdrawn", "needs_own_consent",
                             "unknown", "not_recognisable"}


def test_a_real_verdict_has_the_documented_fields(client, auth):
    from tests.conftest import KNN

    with open(KNN / "test/obama1.jpg", "rb") as photo:
        verdict = client.post("/api/v1/checks", headers=auth, data={"images[]": (photo, "a.jpg")}).get_json()
    schema = SPEC["components"]["schemas"]["Verdict"]
    assert set(schema["required"]) <= set(verdict)
    face_fields = set(schema["properties"]["findings"]["items"]["properties"])
    assert set(verdict["findings"][0]) <= face_fields
