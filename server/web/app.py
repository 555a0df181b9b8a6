"""The Flask app factory: config in layers, the gate loaded once, blueprints wired."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_cors import CORS

from server import config
from server.gate.gate import Gate
from server.web import accounts, api, big_bodies, errors, pages_common, security
from server.web.context import close_registry
from server.web.video_uploads import release_taken
from server.web.safe_copies import SafeCopies
from server.web.uploads import Uploads

# Only the extension's background worker may read API answers cross-origin.
EXTENSION_ORIGINS = r"^(chrome-extension|moz-extension|safari-web-extension)://[A-Za-z0-9.@_-]+$"


def create_app(test_config: dict | None = None) -> Flask:
    """Defaults, then the data directory, then a test's overrides."""
    # Templates and styles stay in server/: the scan report renders the same templates outside Flask.
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_mapping(
        DATA_DIR=None,
        TODAY=None,
        PORT=config.DEFAULT_PORT,
        # One 40 MB photo (detectors.images.MAX_BYTES) or a carousel; bounds what a burst buffers.
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,
        # The import preview carries the consent list back in a form field (nothing kept between the
        # two requests); uploads are held in memory whole anyway, so this bounds nothing new.
        MAX_FORM_MEMORY_SIZE=16 * 1024 * 1024,
        MAX_CONCURRENT_CHECKS=2,
        QUEUE_SECONDS=20,
    )
    if test_config:
        app.config.from_mapping(test_config)
    app.config["DATA_DIR"] = config.data_dir(app.config["DATA_DIR"])
    app.config.setdefault("ALLOWED_HOSTS", {f"127.0.0.1:{app.config['PORT']}", f"localhost:{app.config['PORT']}"})
    big_bodies.size_memory_budget(app)  # before anything takes from it
    app.extensions["poortwachter.gate"] = Gate(Path(app.config["DATA_DIR"]), app.config.get("FACE_ANALYZER"))
    app.extensions["poortwachter.safe_copies"] = SafeCopies()
    app.extensions["poortwachter.uploads"] = Uploads()

    errors.init_app(app)
    security.init_app(app)
    big_bodies.init_app(app)  # the school server: a video whole in one request, one at a time
    CORS(app, resources={r"/api/*": {"origins": EXTENSION_ORIGINS}},
         allow_headers=["Authorization", "Content-Type"], max_age=600)
    app.register_blueprint(api.bp)
    pages_common.init_app(app)  # the self-check and admin pages, with CSRF and in-memory uploads
    accounts.init_app(app)  # the school server's sign-in; nothing on a laptop
    app.teardown_appcontext(close_registry)
    app.teardown_request(release_taken)
    return app
