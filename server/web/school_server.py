"""The school server: several gate processes (gunicorn) behind the school's TLS reverse proxy.

Settings come from instellingen.toml in the data directory (environment variables win):

    public_name   = "poortwachter.school.nl"   # the only Host answered (POORTWACHTER_PUBLIC_NAME)
    bind          = "127.0.0.1:8151"           # where the proxy sends requests (POORTWACHTER_BIND)
    workers       = 2                          # gate processes; each holds the models (~0.5 GB)
    trusted_proxy = "127.0.0.1"                # only this address may set X-Forwarded-* headers
    database_url  = "postgresql://..."         # the registry all processes share

Every process answers any request: the registry (and everything in it: accounts, tokens,
pairing codes, sessions, failed sign-ins, the signing key) is in the database, a verdict
carries its safe copies when asked, and a video comes whole in its request (big_bodies). Two hosts behind one proxy, on one database, work the same.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from werkzeug.middleware.proxy_fix import ProxyFix

from server import config
from server.auth.sessions import SESSION_HOURS
from server.registry import Registry
from server.web.big_bodies import server_request_limit
from server.web.session_store import RegistrySessions

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST",
             "HTTP_X_FORWARDED_PORT", "HTTP_X_FORWARDED_PREFIX", "HTTP_FORWARDED")


@dataclass(frozen=True)
class ServerSettings:
    public_name: str
    bind: str = "127.0.0.1:8151"
    workers: int = 2
    trusted_proxy: str = "127.0.0.1"

    @classmethod
    def load(cls, data_dir: Path) -> ServerSettings:
        values = {**config.settings(data_dir)}
        for key in ("public_name", "bind", "workers", "trusted_proxy"):
            if os.environ.get(f"POORTWACHTER_{key.upper()}"):
                values[key] = os.environ[f"POORTWACHTER_{key.upper()}"]
        if not values.get("public_name"):
            raise config.ConfigError("Zet public_name (de naam van de server, zoals poortwachter.school.nl) in "
                                     f"{data_dir / config.SETTINGS_FILE} of in POORTWACHTER_PUBLIC_NAME.")
        try:
            ipaddress.ip_address(values.get("trusted_proxy", cls.trusted_proxy))
            workers = int(values.get("workers", cls.workers))
        except ValueError:
            raise config.ConfigError("trusted_proxy moet een IP-adres zijn en workers een getal.") from None
        return cls(str(values["public_name"]), str(values.get("bind", cls.bind)), max(1, workers),
                   str(values.get("trusted_proxy", cls.trusted_proxy)))


class TrustedProxy:
    """X-Forwarded-For/-Proto from the configured proxy only; anyone else's are dropped.

    With them the audit log and the sign-in back-off see the teacher's address, and the
    app knows the request came in over https. A client that reaches the app directly
    cannot pretend to be someone else.
    """

    def __init__(self, app, proxy: str) -> None:
        self.proxy = proxy
        self.trusting = ProxyFix(app, x_for=1, x_proto=1, x_host=0, x_port=0, x_prefix=0)
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("REMOTE_ADDR") == self.proxy:
            return self.trusting(environ, start_response)
        for header in FORWARDED:
            environ.pop(header, None)
        return self.app(environ, start_response)


def server_config(data_dir: Path, settings: ServerSettings) -> dict:
    """The app's configuration for the school server."""
    return {
        "DATA_DIR": str(data_dir),
        "SERVER_MODE": True,
        "ALLOWED_HOSTS": {settings.public_name},
        "PREFERRED_URL_SCHEME": "https",
        "SESSION_COOKIE_SECURE": True,
        # Pages send no Referer (Referrer-Policy: no-referrer), which Flask-WTF's https check wants;
        # the CSRF token and the SameSite=Strict session cookie already stop cross-site forms.
        "WTF_CSRF_SSL_STRICT": False,
        "TRUSTED_PROXY": settings.trusted_proxy,
        # Chunks of an upload would reach different processes: a video comes whole (big_bodies).
        "MAX_CONTENT_LENGTH": server_request_limit(data_dir),
        # Sessions in the registry every gate process reads, on this host and any other behind the
        # same proxy (a sign-in made by one is known to the others; a sign-out deletes it for all).
        "SESSION_TYPE": "cachelib",
        "SESSION_CACHELIB": RegistrySessions(default_timeout=SESSION_HOURS * 3600),
        # Forms' CSRF tokens (and video blur plans) are signed with a key all processes share.
        "SECRET_KEY": shared_secret(data_dir, "flask"),
    }


def shared_secret(data_dir: Path, name: str) -> str:
    registry = Registry(config.registry_location(data_dir))
    try:
        return registry.shared_secret(name)
    finally:
        registry.close()


def run(data_dir: Path, today: str | None = None) -> None:
    """Start gunicorn with `workers` gate processes; each builds its own app after the fork."""
    from gunicorn.app.base import BaseApplication

    from server.cli.cli_serve import CONNECTION_LIMIT
    from server.web.app import create_app

    settings = ServerSettings.load(data_dir)
    app_config = {**server_config(data_dir, settings), "TODAY": today}

    class SchoolServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                "bind": [settings.bind], "workers": settings.workers, "worker_class": "gthread",
                "threads": 6, "worker_connections": CONNECTION_LIMIT, "timeout": 120,
                "graceful_timeout": 30, "proc_name": "poortwachter", "accesslog": None,
                # Headers only; gunicorn would trust X-Forwarded-Proto from 127.0.0.1 by default.
                "forwarded_allow_ips": settings.trusted_proxy, "limit_request_line": 8190,
            }.items():
                self.cfg.set(key, value)

        def load(self):
            app = create_app(app_config)
            app.wsgi_app = TrustedProxy(app.wsgi_app, settings.trusted_proxy)
            return app

    SchoolServer().run()
