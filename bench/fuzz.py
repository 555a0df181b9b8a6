"""Fuzz every route of the service with many more cases than the test suite.

The API routes come from docs/openapi.yaml, the page routes from the app; each
request is random or malformed (bodies, JSON, multipart files, path and query
values, tokens, CSRF tokens). Prints the cases per route and in all; fails on
any 500 or traceback, or if the service no longer answers afterwards.

    .venv/bin/python bench/fuzz.py [--examples 300]
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detectors.faces import FaceAnalyzer  # noqa: E402
from server.registry import Registry  # noqa: E402
from server.registry.consent_import import parse_consent_file  # noqa: E402
from server.web.app import create_app  #
from server.web.context import registry  # noqa: E402
from server.web.pairing import new_code  # noqa: E402
from tests.conftest import DEMO  # noqa: E402
from tests.fuzz_support import fuzz_everything  # noqa: E402
from tests.test_pages import csrf, set_up_admin  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="cases per route (default 300)")
    args = parser.parse_args()
    logging.getLogger("poortwachter").setLevel(logging.CRITICAL)  # expected errors are answered, not logged
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        reg = Registry(data / "registry.sqlite3")
        reg.import_people(parse_consent_file(DEMO / "leerlingen.csv"), full=True, now=dt.datetime.now().isoformat())
        reg.close()
        shutil.copy(DEMO / "school.toml", data / "school.toml")
        faces = FaceAnalyzer()
        app = create_app({"DATA_DIR": str(data), "TODAY": "2026-11-21", "FACE_ANALYZER": faces,
                          "ALLOWED_HOSTS": {"127.0.0.1:5151"}})
        client = app.test_client()
        open_ = client.open
        client.open = lambda *a, **k: open_(*a, **{"base_url": "http://127.0.0.1:5151", **k})
        with app.app_context():
            code = new_code(registry())
        token = client.post("/api/v1/pair", json={"code": code}).get_json()["token"]
        client.get(f"/?token={app.config['PAGE_TOKEN']}")  # the link serve prints
        set_up_admin(client)
        started = time.perf_counter()
        ran = fuzz_everything(app, client, token, csrf(client, "/beheer"), args.examples)
        seconds = time.perf_counter() - started
        alive = client.get("/api/v1/health", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        faces.close()
    for route, count in ran.items():
        print(f"  {count:5d}  {route}")
    print(f"fuzz: {sum(ran.values())} cases over {len(ran)} routes in {seconds:.0f} s: "
          f"no 500, no traceback; service still answering: {'yes' if alive else 'NO'}")
    sys.exit(0 if alive else 1)


if __name__ == "__main__":
    main()
