"""API errors as JSON with a Dutch message; never a traceback in a response."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger("poortwachter")

HTTP_MESSAGES = {
    400: "Het verzoek klopt niet.",
    404: "Niet gevonden.",
    405: "Deze methode kan hier niet.",
    413: "Het verzoek is te groot.",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


def error_response(status: int, code: str, message: str, retry_after: int | None = None):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def api_error(error: ApiError):
        return error_response(error.status, error.code, error.message, error.retry_after)

    from server.registry import RegistryError

    @app.errorhandler(RegistryError)
    def registry_error(error: RegistryError):
        # A full or read-only data directory: say so, and let the caller try later.
        log.error("registry write failed: %s", error.__cause__)
        return error_response(503, "registry_unavailable", str(error), retry_after=30)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return error_response(status, f"http_{status}", HTTP_MESSAGES.get(status, "Er ging iets mis."))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error")
        return error_response(500, "internal", "Er ging iets mis in Poortwachter; probeer het opnieuw.")
