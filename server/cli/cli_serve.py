"""`poortwachter serve` and `pair`: the local service for the extension and the self-check page."""
from __future__ import annotations

import datetime as dt
import signal
import sys
from pathlib import Path

import click

from server import config
from server.cli.common import (UserError, common_options, data_dir, handle_errors, open_registry, purge_departed,
                               setting)

CONNECTION_LIMIT = 24


def waitress_options(app) -> dict:
    """Bodies stay in memory and a burst stays bounded.

    waitress spools request bodies over 512 KB and responses over 1 MB to
    temporary files: uploaded photos and safe copies would touch the disk. Kept
    in memory instead, at most CONNECTION_LIMIT bodies of MAX_CONTENT_LENGTH are
    in flight; bigger ones get 413 before they are read whole. A video's safe
    copy may be as big as the school's video limit: answers stay in memory up to that.
    """
    from server.gate.video import load_video_limits

    limit = app.config["MAX_CONTENT_LENGTH"]
    answer = max(limit, load_video_limits(Path(app.config["DATA_DIR"])).max_bytes)
    return {"threads": 6, "ident": "poortwachter", "_quiet": True, "connection_limit": CONNECTION_LIMIT,
            "max_request_body_size": limit, "inbuf_overflow": limit + 1, "outbuf_overflow": answer + 1}


@click.command()
@common_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Alleen 127.0.0.1 is toegestaan.")
@click.option("--port", default=config.DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535),
              help="De poort op 127.0.0.1.")
@handle_errors
def serve(host: str, port: int) -> None:
    """Start de dienst voor de extensie en de zelfcontrolepagina.

    Voorbeeld: poortwachter serve --port 5151
    """
    from waitress import serve as waitress_serve

    from server.web.app import create_app
    from server.web.pairing import new_code
    from server.web.pairing_code import remember

    if host not in ("127.0.0.1", "localhost"):
        raise UserError("Poortwachter luistert alleen op 127.0.0.1: foto's van kinderen blijven op deze computer.")
    ensure_port_free(port)  # before a code or an address is printed that would not work
    app = create_app({"DATA_DIR": str(data_dir()), "TODAY": setting("today"), "PORT": port})
    registry = open_registry()
    purge_departed(registry)
    code = new_code(registry)
    remember(app, code)  # the self-check page shows the same code until it expires
    # Load both models now, so the first post is checked as fast as the next.
    gate = app.extensions["poortwachter.gate"]
    gate.warm_up(registry)
    registry.close()
    click.echo(f"Zelfcontrole: http://127.0.0.1:{port}/")
    click.echo(f"Koppelcode: {code} (geldig tot {code_expiry()}; een nieuwe staat op de zelfcontrolepagina)")
    click.echo("Stoppen: Ctrl+C")
    sys.stdout.flush()
    # SIGTERM (a service manager, a test) ends like Ctrl+C: the face workers are shut down too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        waitress_serve(app, host="127.0.0.1", port=port, **waitress_options(app))
    except OSError as error:
        raise UserError(f"Kan poort {port} niet gebruiken: {error.strerror}.") from None
    finally:
        app.extensions["poortwachter.gate"].close()


def ensure_port_free(port: int) -> None:
    """One Dutch line if another program (often a Poortwachter already running) holds the port."""
    import errno
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As waitress binds: a port left in TIME_WAIT by a stopped service counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise UserError(f"Poort {port} is al in gebruik: draait Poortwachter al? Gebruik dat venster, "
                                f"of start op een andere poort met --port {port + 1}.") from None
            raise UserError(f"Kan poort {port} niet gebruiken: {error.strerror}.") from None


@click.command()
@common_options
@handle_errors
def pair() -> None:
    """Maak een nieuwe koppelcode voor de extensie."""
    from server.web.pairing import new_code

    click.echo(f"Koppelcode: {new_code(open_registry())} (geldig tot {code_expiry()})")


def code_expiry() -> str:
    """'09:41': when a code made just now stops working."""
    from server.web.pairing import CODE_MINUTES

    return f"{dt.datetime.now() + dt.timedelta(minutes=CODE_MINUTES):%H:%M}"
