"""Shared fixtures: the demo school in a temporary data directory, the app, a paired client.

Every test that uses the demo school runs on each registry backend in POORTWACHTER_TEST_BACKENDS:
SQLite, and with `make test` also a real PostgreSQL started for the session (tests/postgres_support.py). Tests about the SQLite file itself carry @pytest.mark.sqlite_only.
Data is read from ../shared/data beside the repository, never copied in.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import uuid
from pathlib import Path

import pytest
from PIL import Image

from detectors.faces import FaceAnalyzer
from server import config
from server.registry import Registry
from server.registry.consent_import import parse_consent_file
from server.registry.enrol import enrol_photos

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DEMO = DATA / "school_demo"
KNN = DATA / "faces" / "face_recognition_repo" / "examples" / "knn_examples"
OPENFACE = DATA / "faces" / "openface_examples"
TODAY = dt.date(2026, 11, 21)
# `make test` (and CI) runs both; a bare `pytest` only SQLite, to keep a developer's loop short.
BACKENDS = [name for name in os.environ.get("POORTWACHTER_TEST_BACKENDS", "sqlite").split(",") if name]


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself, so run on that backend only")
    config.addinivalue_line("markers", "postgres_only: about PostgreSQL's own storage, so run on that backend only")


def pytest_generate_tests(metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        only = [name for name in ("sqlite", "postgres") if metafunc.definition.get_closest_marker(f"{name}_only")]
        backends = [name for name in BACKENDS if not only or name in only]
        metafunc.parametrize("backend", backends, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def postgres():
    from tests.postgres_support import Cluster

    cluster = Cluster()
    yield cluster
    cluster.stop()


def use_database(directory: Path, url: str) -> None:
    """Point a data directory at a PostgreSQL database, as a school server's instellingen.toml does."""
    path = directory / config.SETTINGS_FILE
    kept = [line for line in (path.read_text(encoding="utf-8").splitlines() if path.exists() else [])
            if not line.startswith("database_url")]
    path.write_text("\n".join([*kept, f'database_url = "{url}"']) + "\n", encoding="utf-8")


@pytest.fixture(scope="session")
def faces() -> FaceAnalyzer:
    analyzer = FaceAnalyzer()
    yield analyzer
    analyzer.close()


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory, faces, backend, request) -> Path:
    """The demo school imported and enrolled once per session and backend."""
    directory = tmp_path_factory.mktemp(f"demo-{backend}")
    if backend == "postgres":
        use_database(directory, request.getfixturevalue("postgres").create_database("demo"))
    registry = Registry(config.registry_location(directory))
    registry.import_people(parse_consent_file(DEMO / "leerlingen.csv"), full=True, now="2026-11-01T08:00")
    results = list(enrol_photos(DEMO / "gezichten.csv", registry, faces))
    assert all(not r.error for r in results), [r.error for r in results if r.error]
    registry.close()
    shutil.copy(DEMO / "school.toml", directory / "school.toml")
    if backend == "postgres":  # each test's copy comes from a template no test ever connects to
        request.getfixturevalue("postgres").create_database("demo_template", template="demo")
    return directory


@pytest.fixture
def data_dir(demo_dir, tmp_path, backend, request) -> Path:
    """A private copy of the demo school for one test."""
    target = tmp_path / "data"
    shutil.copytree(demo_dir, target)
    if backend != "postgres":
        yield target
        return
    cluster, name = request.getfixturevalue("postgres"), f"test_{uuid.uuid4().hex[:12]}"
    use_database(target, cluster.create_database(name, template="demo_template"))
    yield target
    cluster.drop_database(name)


@pytest.fixture
def registry(data_dir) -> Registry:
    reg = Registry(config.registry_location(data_dir))
    yield reg
    reg.close()


@pytest.fixture
def app(data_dir, faces):
    from server.web.app import create_app

    return create_app({
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "TODAY": TODAY.isoformat(),
        "PORT": 5151,
        "ALLOWED_HOSTS": {"127.0.0.1:5151", "localhost:5151"},
        "FACE_ANALYZER": faces,
    })


@pytest.fixture
def client(app):
    from flask.testing import FlaskClient

    class LocalClient(FlaskClient):
        """Sends the service's own Host, as a browser on 127.0.0.1:5151 does."""

        def open(self, *args, **kwargs):
            kwargs.setdefault("base_url", "http://127.0.0.1:5151")
            return super().open(*args, **kwargs)

    app.test_client_class = LocalClient
    client = app.test_client()
    # As a user does: open the link `serve` printed once; the session remembers it.
    assert client.get(f"/?token={app.config['PAGE_TOKEN']}").status_code == 302
    return client


@pytest.fixture
def token(app, client) -> str:
    from server.web.pairing import new_code

    with app.app_context():
        from server.web.context import registry as current_registry

        code = new_code(current_registry())
    response = client.post("/api/v1/pair", json={"code": code, "name": "test"})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["token"]


@pytest.fixture
def auth(token) -> dict:
    return {"Authorization": f"Bearer {token}"}


def jpeg_bytes(image: Image.Image, **save) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", **save)
    return buffer.getvalue()
