"""Random and malformed requests for every route: the API's from docs/openapi.yaml, the pages' from the app.

The properties, for every request: no 500, no traceback in the body; and after
a run the service still answers. Used by tests/test_fuzz.py (few examples, for
CI) and bench/fuzz.py (many).
"""
from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

SPEC = yaml.safe_load((Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml").read_text())
TRACEBACK = re.compile(rb"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+")

# Strings that have broken parsers before: quotes, SQL, paths, control characters, huge numbers.
NASTY = ["", " ", "'", '"', "'; DROP TABLE people; --", "../../etc/passwd", "%00", "\x00", "\u202e",
         "9" * 40, "-1", "0", "NaN", "null", "[]", "{}", "=1+1", "<script>alert(1)</script>", "Zoë Yılmaz", "🙂" * 50]
texts = st.one_of(st.sampled_from(NASTY), st.text(max_size=300))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | texts,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12)


def _tiny_image(mode_format: tuple[str, str], size: tuple[int, int]) -> bytes:
    mode, fmt = mode_format
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=fmt)
    return buffer.getvalue()


images = st.one_of(
    st.binary(max_size=2000),
    st.builds(_tiny_image, st.sampled_from([("RGB", "JPEG"), ("RGBA", "PNG"), ("P", "GIF"), ("L", "WEBP"),
                                            ("CMYK", "JPEG"), ("1", "BMP")]),
              st.tuples(st.integers(1, 64), st.integers(1, 64))),
    st.builds(lambda data, cut: data[:cut], st.just(_tiny_image(("RGB", "JPEG"), (48, 48))), st.integers(0, 600)),
)
files = st.lists(st.tuples(images, texts), max_size=3)


def _path_value(name: str, schema: dict) -> st.SearchStrategy:
    if schema.get("type") == "integer":
        return st.one_of(st.integers(0, 30).map(str), texts)
    return texts


@st.composite
def requests(draw, path: str, method: str, operation: dict, token: str) -> dict:
    """One request for an API operation: documented fields mixed with garbage."""
    concrete = path
    for parameter in operation.get("parameters", []) + SPEC["paths"][path].get("parameters", []):
        if parameter.get("in") == "path":
            value = draw(_path_value(parameter["name"], parameter.get("schema", {})))
            concrete = concrete.replace("{" + parameter["name"] + "}", _quote(value) or "x")
    query = draw(st.dictionaries(st.sampled_from(["limit", "x", "channel"]), texts, max_size=2))
    headers = draw(st.sampled_from([{"Authorization": f"Bearer {token}"}] * 4 + [{}, {"Authorization": "Bearer x"}]))
    request = {"method": method.upper(), "path": "/api/v1" + concrete, "query_string": query, "headers": headers}
    kind = draw(st.sampled_from(["json", "form", "raw", "none"]))
    if kind == "json":
        request["data"] = json.dumps(draw(json_values)).encode()
        request["content_type"] = draw(st.sampled_from(["application/json", "text/plain"]))
    elif kind == "form":
        fields = draw(st.dictionaries(st.sampled_from(["text", "channel", "account", "code", "reason", "x"]),
                                      texts, max_size=4))
        fields["images[]"] = [(io.BytesIO(data), name or "x") for data, name in draw(files)]
        request["data"], request["content_type"] = fields, "multipart/form-data"
    elif kind == "raw":
        request["data"] = draw(st.binary(max_size=1000))
        request["content_type"] = draw(st.sampled_from(["multipart/form-data", "multipart/form-data; boundary=x",
                                                        "application/json", "application/x-www-form-urlencoded"]))
    return request


PAGE_FIELDS = ["text", "channel", "account", "password", "repeat", "person_id", "confirm", "mapping", "partial", "x"]


@st.composite
def page_requests(draw, rule: str, methods: list[str], csrf_token: str) -> dict:
    """One request for a page route, with or without a valid CSRF token."""
    path = re.sub(r"<int:\w+>", lambda _: str(draw(st.integers(0, 3))), rule)
    path = re.sub(r"<(?:\w+:)?\w+>", lambda _: _quote(draw(texts)) or "x", path)
    method = draw(st.sampled_from(methods))
    request = {"method": method, "path": path}
    if method == "POST":
        fields = draw(st.dictionaries(st.sampled_from(PAGE_FIELDS), texts, max_size=5))
        if draw(st.booleans()) or draw(st.booleans()):
            fields["csrf_token"] = csrf_token
        for name in ("images", "photos", "file", "mapping_file"):
            if draw(st.booleans()):
                fields[name] = [(io.BytesIO(data), fname or "x") for data, fname in draw(files)]
        request["data"], request["content_type"] = fields, "multipart/form-data"
    return request


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def api_operations() -> list[tuple[str, str, dict]]:
    return [(path, method, operation) for path, item in SPEC["paths"].items()
            for method, operation in item.items() if method in {"get", "post", "put", "delete", "patch"}]


def page_rules(app) -> list[tuple[str, list[str]]]:
    found = [(rule.rule, sorted(rule.methods - {"HEAD", "OPTIONS"})) for rule in app.url_map.iter_rules()
             if not rule.rule.startswith("/api/")]
    return sorted(found, key=lambda r: r[0].endswith("/uitloggen"))  # logging out last keeps the session


def assert_sound(response, request: dict) -> None:
    body = response.get_data()
    assert response.status_code < 500 or response.status_code == 503, (response.status_code, request, body[:300])
    assert not TRACEBACK.search(body), (request, body[:500])


def run(strategy: st.SearchStrategy, send: Callable[[dict], object], examples: int) -> int:
    """Send `examples` drawn requests; returns how many ran."""
    count = 0

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(request: dict) -> None:
        nonlocal count
        count += 1
        assert_sound(send(request), request)

    one()
    return count


def fuzz_everything(app, client, token: str, csrf_token: str, examples: int) -> dict[str, int]:
    """Every API operation and every page route; cases run per route."""
    def send(request: dict):
        request = dict(request)
        return client.open(request.pop("path"), **request)

    ran: dict[str, int] = {}
    for path, method, operation in api_operations():
        ran[f"{method.upper()} /api/v1{path}"] = run(requests(path, method, operation, token), send, examples)
    for rule, methods in page_rules(app):
        ran[f"{'/'.join(methods)} {rule}"] = run(page_requests(rule, methods, csrf_token), send, examples)
    return ran
