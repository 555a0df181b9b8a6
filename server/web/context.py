"""The request's registry, shared by every blueprint: opened on first use, closed on teardown."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, g

from server import config
from server.registry import Registry


def registry() -> Registry:
    """The registry for this request, opened on first use."""
    if "registry" not in g:
        g.registry = Registry(config.registry_location(Path(current_app.config["DATA_DIR"])))
    return g.registry


def close_registry(_error: BaseException | None = None) -> None:
    reg = g.pop("registry", None)
    if reg is not None:
        reg.close()
